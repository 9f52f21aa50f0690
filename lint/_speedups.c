/* Optional compiled kernels for jiaodui's loops over every character of a corpus.
 *
 * lint/kernels.py holds the pure-Python definition of each function (the reference, used when
 * this module was not built or JIAODUI_PURE_PYTHON is set); tests/test_kernels.py checks that
 * both give the same results.  Nothing here keeps state between calls or touches Python objects
 * other than its arguments and its results.
 *
 *   gram_ids(s, q) -> (ids, occ)
 *       For every position p of s (0 <= p <= len(s) - q): ids[p] = the first position of the
 *       q-gram s[p:p+q]; occ[f] = how many positions hold the gram first seen at f (0 at
 *       positions that are not a first occurrence).  Both are bytearrays of native int32.
 *
 *   text_prefix(ids, occ, a, b, budget, q) -> ([id, ...], complete)
 *       lint.kernels.text_prefix_py on int32 buffers (ids and occ as gram_ids gives them).
 *
 *   han_doubles(s, pos, max_unit, ranges) -> [(start, unit), ...]
 *       What re.finditer("(?=([HAN]{1,max_unit}?)\\1)", s, pos) finds: every start >= pos
 *       where a run of 1..max_unit Han characters is immediately followed by itself, with the
 *       shortest such unit.  ``ranges`` is a bytes object of native uint32 (low, high) pairs,
 *       inclusive: the Han class.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

/* A copy of the string's code points as uint32: one layout for the three PEP 393 kinds. */
static uint32_t *
code_points(PyObject *s, Py_ssize_t n)
{
    uint32_t *cp = PyMem_Malloc((size_t)(n > 0 ? n : 1) * sizeof(uint32_t));
    if (cp == NULL) {
        PyErr_NoMemory();
        return NULL;
    }
    int kind = PyUnicode_KIND(s);
    const void *data = PyUnicode_DATA(s);
    for (Py_ssize_t i = 0; i < n; i++)
        cp[i] = PyUnicode_READ(kind, data, i);
    return cp;
}

static int
ready(PyObject *s)
{
#if PY_VERSION_HEX < 0x030C0000
    return PyUnicode_READY(s);
#else
    (void)s;
    return 0;
#endif
}

static inline uint64_t
mix64(uint64_t x)
{
    /* splitmix64's finaliser: every input bit reaches the low bits, which pick the slot. */
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    x ^= x >> 31;
    return x;
}

#if defined(__GNUC__) || defined(__clang__)
#define PREFETCH(address) __builtin_prefetch(address)
#else
#define PREFETCH(address) ((void)0)
#endif
#define GRAM_AHEAD 16

/* The table slot where the search for the q-gram at g starts. */
static inline size_t
gram_slot(const uint32_t *g, Py_ssize_t q, size_t mask)
{
    uint64_t h = 0;
    for (Py_ssize_t k = 0; k < q; k++)
        h = h * 0x100000001b3ULL + g[k] + 1;
    return (size_t)mix64(h) & mask;
}

static PyObject *
gram_ids(PyObject *self, PyObject *args)
{
    PyObject *s;
    Py_ssize_t q;
    (void)self;
    if (!PyArg_ParseTuple(args, "Un:gram_ids", &s, &q))
        return NULL;
    if (ready(s) < 0)
        return NULL;
    if (q < 1 || q > 64) {
        PyErr_SetString(PyExc_ValueError, "gram_ids: q must be between 1 and 64");
        return NULL;
    }
    Py_ssize_t n = PyUnicode_GET_LENGTH(s);
    Py_ssize_t positions = n - q + 1;
    if (positions < 0)
        positions = 0;
    if (positions > INT32_MAX / 4) {
        PyErr_SetString(PyExc_OverflowError, "gram_ids: text too long");
        return NULL;
    }
    PyObject *ids_obj = PyByteArray_FromStringAndSize(NULL, positions * (Py_ssize_t)sizeof(int32_t));
    PyObject *occ_obj = PyByteArray_FromStringAndSize(NULL, positions * (Py_ssize_t)sizeof(int32_t));
    uint32_t *cp = NULL;
    int32_t *table = NULL;
    if (ids_obj == NULL || occ_obj == NULL)
        goto fail;
    if (positions == 0)
        return Py_BuildValue("(NN)", ids_obj, occ_obj);
    int32_t *ids = (int32_t *)PyByteArray_AS_STRING(ids_obj);
    int32_t *occ = (int32_t *)PyByteArray_AS_STRING(occ_obj);
    memset(occ, 0, (size_t)positions * sizeof(int32_t));
    cp = code_points(s, n);
    if (cp == NULL)
        goto fail;
    /* Open addressing, linear probing; at least 1.5 slots per position, so the load is at
       most 2/3 even if every gram differs (in prose, well under half of them do). */
    size_t slots = 16;
    while (slots < (size_t)positions + (size_t)positions / 2)
        slots <<= 1;
    size_t mask = slots - 1;
    table = PyMem_Malloc(slots * sizeof(int32_t));
    if (table == NULL) {
        PyErr_NoMemory();
        goto fail;
    }
    memset(table, 0xff, slots * sizeof(int32_t)); /* -1: empty */
    const size_t width = (size_t)q * sizeof(uint32_t);
    /* The slots of the next GRAM_AHEAD positions, fetched into the cache ahead of use: past a
       few hundred thousand positions the table no longer fits in the cache, and waiting for
       memory would take most of the time. */
    size_t ahead[GRAM_AHEAD];
    for (Py_ssize_t p = 0; p < positions && p < GRAM_AHEAD; p++) {
        ahead[p] = gram_slot(cp + p, q, mask);
        PREFETCH(&table[ahead[p]]);
    }
    for (Py_ssize_t p = 0; p < positions; p++) {
        const uint32_t *g = cp + p;
        size_t slot = ahead[p % GRAM_AHEAD];
        if (p + GRAM_AHEAD < positions) {
            size_t next = gram_slot(cp + p + GRAM_AHEAD, q, mask);
            ahead[p % GRAM_AHEAD] = next;
            PREFETCH(&table[next]);
        }
        if (p + GRAM_AHEAD / 2 < positions) {
            /* Half-way: the slot is in the cache; fetch what a repeated gram will touch. */
            int32_t f = table[ahead[(p + GRAM_AHEAD / 2) % GRAM_AHEAD]];
            if (f >= 0) {
                PREFETCH(cp + f);
                PREFETCH(occ + f);
            }
        }
        for (;;) {
            int32_t f = table[slot];
            if (f < 0) {
                table[slot] = (int32_t)p;
                ids[p] = (int32_t)p;
                occ[p] = 1;
                break;
            }
            if (memcmp(cp + f, g, width) == 0) {
                ids[p] = f;
                occ[f] += 1;
                break;
            }
            slot = (slot + 1) & mask;
        }
    }
    PyMem_Free(table);
    PyMem_Free(cp);
    return Py_BuildValue("(NN)", ids_obj, occ_obj);
fail:
    PyMem_Free(table);
    PyMem_Free(cp);
    Py_XDECREF(ids_obj);
    Py_XDECREF(occ_obj);
    return NULL;
}

static int
compare_u64(const void *x, const void *y)
{
    uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;
    return (a > b) - (a < b);
}

/* How many edits destroy every gram whose key is <= limit (at most budget + 1): a greedy
   stabbing of their positions with windows of q. */
static Py_ssize_t
edits_to_destroy(const uint64_t *key, Py_ssize_t len, uint64_t limit, Py_ssize_t budget, Py_ssize_t q)
{
    Py_ssize_t count = 0, covered = -1;
    for (Py_ssize_t p = 0; p < len; p++) {
        if (key[p] <= limit && p > covered) {
            if (++count > budget)
                break;
            covered = p + q - 1;
        }
    }
    return count;
}

static PyObject *
text_prefix(PyObject *self, PyObject *args)
{
    Py_buffer ids_buf, occ_buf;
    Py_ssize_t a, b, budget, q;
    (void)self;
    if (!PyArg_ParseTuple(args, "y*y*nnnn:text_prefix", &ids_buf, &occ_buf, &a, &b, &budget, &q))
        return NULL;
    PyObject *out = NULL;
    uint64_t *key = NULL;
    const Py_ssize_t n_ids = ids_buf.len / (Py_ssize_t)sizeof(int32_t);
    const Py_ssize_t n_occ = occ_buf.len / (Py_ssize_t)sizeof(int32_t);
    if (ids_buf.len % (Py_ssize_t)sizeof(int32_t) || occ_buf.len % (Py_ssize_t)sizeof(int32_t)
        || a < 0 || b < a || b > n_ids || budget < 0 || q < 1) {
        PyErr_SetString(PyExc_ValueError, "text_prefix: bad arguments");
        goto done;
    }
    const int32_t *ids = (const int32_t *)ids_buf.buf;
    const int32_t *occ = (const int32_t *)occ_buf.buf;
    const Py_ssize_t len = b - a;
    for (Py_ssize_t p = a; p < b; p++) {
        if (ids[p] < 0 || ids[p] >= n_occ) {
            PyErr_SetString(PyExc_ValueError, "text_prefix: an id is not an index of occ");
            goto done;
        }
    }
    /* The grams no other text has sort first: if no budget edits destroy them all, nothing
       needs sorting (a gram occurs once exactly where it is its own first occurrence). */
    {
        Py_ssize_t count = 0, covered = -1;
        for (Py_ssize_t p = a; p < b && count <= budget; p++) {
            if (ids[p] == p && occ[p] == 1 && p - a > covered) {
                count++;
                covered = p - a + q - 1;
            }
        }
        if (count > budget) {
            out = Py_BuildValue("(Ni)", PyList_New(0), 1);
            goto done;
        }
    }
    /* key: (occurrences, id), the global order, as one integer; then the distinct keys sorted. */
    key = PyMem_Malloc((size_t)(2 * len + 1) * sizeof(uint64_t));
    if (key == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    uint64_t *sorted = key + len;
    for (Py_ssize_t p = 0; p < len; p++) {
        int32_t id = ids[a + p];
        key[p] = ((uint64_t)(uint32_t)occ[id] << 32) | (uint32_t)id;
        sorted[p] = key[p];
    }
    qsort(sorted, (size_t)len, sizeof(uint64_t), compare_u64);
    Py_ssize_t m = 0;
    for (Py_ssize_t p = 0; p < len; p++)
        if (m == 0 || sorted[p] != sorted[m - 1])
            sorted[m++] = sorted[p];
    /* budget edits never destroy q * budget + 1 grams: the prefix has at most that many. */
    Py_ssize_t result = m, most = m;
    if (budget < m / q) /* (then q * budget + 1 <= m: no overflow) */
        most = q * budget + 1;
    int complete = most < m;
    if (most > 0 && (complete || edits_to_destroy(key, len, sorted[most - 1], budget, q) > budget)) {
        complete = 1;
        Py_ssize_t lo = 0, hi = most - 1; /* the first prefix that needs more than budget edits */
        while (lo < hi) {
            Py_ssize_t mid = lo + (hi - lo) / 2;
            if (edits_to_destroy(key, len, sorted[mid], budget, q) > budget)
                hi = mid;
            else
                lo = mid + 1;
        }
        result = lo + 1;
    }
    /* Without the once-only grams, which sort first (their key's count is 1). */
    Py_ssize_t own = 0;
    while (own < result && (sorted[own] >> 32) == 1)
        own++;
    PyObject *prefix = PyList_New(result - own);
    if (prefix == NULL)
        goto done;
    for (Py_ssize_t i = own; i < result; i++) {
        PyObject *id = PyLong_FromLong((long)(int32_t)(uint32_t)sorted[i]);
        if (id == NULL) {
            Py_DECREF(prefix);
            goto done;
        }
        PyList_SET_ITEM(prefix, i - own, id);
    }
    out = Py_BuildValue("(Ni)", prefix, complete);
done:
    PyMem_Free(key);
    PyBuffer_Release(&ids_buf);
    PyBuffer_Release(&occ_buf);
    return out;
}

static inline int
in_ranges(uint32_t c, const uint32_t *ranges, Py_ssize_t pairs)
{
    for (Py_ssize_t r = 0; r < pairs; r++)
        if (ranges[2 * r] <= c && c <= ranges[2 * r + 1])
            return 1;
    return 0;
}

static PyObject *
han_doubles(PyObject *self, PyObject *args)
{
    PyObject *s;
    Py_ssize_t pos, max_unit;
    Py_buffer ranges;
    (void)self;
    if (!PyArg_ParseTuple(args, "Unny*:han_doubles", &s, &pos, &max_unit, &ranges))
        return NULL;
    PyObject *out = NULL;
    uint32_t *cp = NULL, *run = NULL;
    if (ready(s) < 0)
        goto done;
    if (ranges.len % (2 * (Py_ssize_t)sizeof(uint32_t)) != 0) {
        PyErr_SetString(PyExc_ValueError, "han_doubles: ranges must be uint32 (low, high) pairs");
        goto done;
    }
    const uint32_t *rg = (const uint32_t *)ranges.buf;
    Py_ssize_t pairs = ranges.len / (2 * (Py_ssize_t)sizeof(uint32_t));
    Py_ssize_t n = PyUnicode_GET_LENGTH(s);
    out = PyList_New(0);
    if (out == NULL)
        goto done;
    if (pos < 0)
        pos = 0;
    if (pos >= n || max_unit < 1)
        goto done;
    cp = code_points(s, n);
    if (cp == NULL) {
        Py_CLEAR(out);
        goto done;
    }
    /* run[i]: the length of the run of Han characters starting at i, capped at max_unit. */
    run = PyMem_Malloc((size_t)n * sizeof(uint32_t));
    if (run == NULL) {
        PyErr_NoMemory();
        Py_CLEAR(out);
        goto done;
    }
    uint32_t next = 0;
    for (Py_ssize_t i = n - 1; i >= 0; i--) {
        next = in_ranges(cp[i], rg, pairs) ? (next < (uint32_t)max_unit ? next + 1 : (uint32_t)max_unit) : 0;
        run[i] = next;
    }
    for (Py_ssize_t i = pos; i < n; i++) {
        /* The lazy quantifier tries the shortest unit first and cannot grow past a non-Han
           character: the unit is at most the Han run at i, and the two copies must fit. */
        Py_ssize_t longest = (Py_ssize_t)run[i];
        if ((n - i) / 2 < longest)
            longest = (n - i) / 2;
        const uint32_t c = cp[i];
        for (Py_ssize_t unit = 1; unit <= longest; unit++) {
            if (cp[i + unit] != c
                || memcmp(cp + i, cp + i + unit, (size_t)unit * sizeof(uint32_t)) != 0)
                continue;
            PyObject *hit = Py_BuildValue("(nn)", i, unit);
            if (hit == NULL || PyList_Append(out, hit) < 0) {
                Py_XDECREF(hit);
                Py_CLEAR(out);
                goto done;
            }
            Py_DECREF(hit);
            break;
        }
    }
done:
    PyMem_Free(run);
    PyMem_Free(cp);
    PyBuffer_Release(&ranges);
    return out;
}

static PyMethodDef methods[] = {
    {"gram_ids", gram_ids, METH_VARARGS,
     "gram_ids(s, q) -> (ids, occ): first position of each q-gram, and counts (int32 bytearrays)."},
    {"text_prefix", text_prefix, METH_VARARGS,
     "text_prefix(ids, occ, a, b, budget, q) -> ([id, ...], complete): the grams a text indexes."},
    {"han_doubles", han_doubles, METH_VARARGS,
     "han_doubles(s, pos, max_unit, ranges) -> [(start, unit)]: immediately doubled Han runs."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "lint._speedups", "Compiled kernels (see lint/kernels.py).", -1, methods,
};

PyMODINIT_FUNC
PyInit__speedups(void)
{
    return PyModule_Create(&module);
}
