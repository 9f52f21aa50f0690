/* Optional compiled kernels for jiaodui's two loops over every character of a corpus.
 *
 * lint/kernels.py holds the pure-Python definition of each function (the reference, used when
 * this module was not built or JIAODUI_PURE_PYTHON is set); tests/test_kernels.py checks that
 * both give the same results.  Nothing here keeps state between calls or touches Python objects
 * other than its arguments and its results.
 *
 *   gram_ids(s, q) -> (ids, occ, once)
 *       For every position p of s (0 <= p <= len(s) - q): ids[p] = the first position of the
 *       q-gram s[p:p+q]; occ[f] = how many positions hold the gram first seen at f (0 at
 *       positions that are not a first occurrence), both bytearrays of native int32; once[p]
 *       = 1 if the gram at p occurs nowhere else, else 0 (bytes).
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
    PyObject *once_obj = PyBytes_FromStringAndSize(NULL, positions);
    uint32_t *cp = NULL;
    int32_t *table = NULL;
    if (ids_obj == NULL || occ_obj == NULL || once_obj == NULL)
        goto fail;
    if (positions == 0)
        return Py_BuildValue("(NNN)", ids_obj, occ_obj, once_obj);
    int32_t *ids = (int32_t *)PyByteArray_AS_STRING(ids_obj);
    int32_t *occ = (int32_t *)PyByteArray_AS_STRING(occ_obj);
    memset(occ, 0, (size_t)positions * sizeof(int32_t));
    cp = code_points(s, n);
    if (cp == NULL)
        goto fail;
    /* Open addressing, linear probing; at least twice as many slots as grams: load <= 1/2. */
    size_t slots = 16;
    while (slots < 2 * (size_t)positions)
        slots <<= 1;
    size_t mask = slots - 1;
    table = PyMem_Malloc(slots * sizeof(int32_t));
    if (table == NULL) {
        PyErr_NoMemory();
        goto fail;
    }
    memset(table, 0xff, slots * sizeof(int32_t)); /* -1: empty */
    const size_t width = (size_t)q * sizeof(uint32_t);
    for (Py_ssize_t p = 0; p < positions; p++) {
        const uint32_t *g = cp + p;
        uint64_t h = 0;
        for (Py_ssize_t k = 0; k < q; k++)
            h = h * 0x100000001b3ULL + g[k] + 1;
        size_t slot = (size_t)mix64(h) & mask;
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
    char *once = PyBytes_AS_STRING(once_obj);
    for (Py_ssize_t p = 0; p < positions; p++)
        once[p] = occ[ids[p]] == 1;
    PyMem_Free(table);
    PyMem_Free(cp);
    return Py_BuildValue("(NNN)", ids_obj, occ_obj, once_obj);
fail:
    PyMem_Free(table);
    PyMem_Free(cp);
    Py_XDECREF(ids_obj);
    Py_XDECREF(occ_obj);
    Py_XDECREF(once_obj);
    return NULL;
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
     "gram_ids(s, q) -> (ids, occ, once): first position of each q-gram, counts, once-only flags."},
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
