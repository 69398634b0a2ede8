//! Python values to JSON and back; the core then checks the JSON with the
//! same rules as every other door (`NewLead::from_value`, ...).

use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};
use serde_json::{Map, Number, Value};

use crate::errors;

/// A Python object as JSON: `None`, `bool`, `int`, `float`, `str`, lists and
/// tuples, dicts with `str` keys.
pub(crate) fn to_json(obj: &Bound<'_, PyAny>) -> PyResult<Value> {
    if obj.is_none() {
        return Ok(Value::Null);
    }
    if obj.is_instance_of::<PyBool>() {
        return Ok(Value::Bool(obj.extract()?));
    }
    if obj.is_instance_of::<PyInt>() {
        if let Ok(n) = obj.extract::<i64>() {
            return Ok(Value::from(n));
        }
        if let Ok(n) = obj.extract::<u64>() {
            return Ok(Value::from(n));
        }
        return Err(errors::invalid_input("an integer out of the 64-bit range"));
    }
    if obj.is_instance_of::<PyFloat>() {
        let f: f64 = obj.extract()?;
        return Number::from_f64(f)
            .map(Value::Number)
            .ok_or_else(|| errors::invalid_input("a float that is not finite (NaN, inf)"));
    }
    if let Ok(s) = obj.cast::<PyString>() {
        return Ok(Value::String(s.to_cow()?.into_owned()));
    }
    if let Ok(dict) = obj.cast::<PyDict>() {
        let mut map = Map::new();
        for (key, value) in dict.iter() {
            let key = key
                .cast::<PyString>()
                .map_err(|_| errors::invalid_input("a dict key that is not a str"))?
                .to_cow()?
                .into_owned();
            map.insert(key, to_json(&value)?);
        }
        return Ok(Value::Object(map));
    }
    if obj.is_instance_of::<PyList>() || obj.is_instance_of::<PyTuple>() {
        return obj.try_iter()?.map(|item| to_json(&item?)).collect();
    }
    let type_name = obj.get_type().name()?.to_string();
    Err(errors::invalid_input(&format!(
        "a value of type {type_name} (expected None, bool, int, float, str, list or dict)"
    )))
}

/// JSON as a Python object (`dict`, `list`, `str`, `int`, `float`, `bool`, `None`).
pub(crate) fn to_py<'py>(py: Python<'py>, value: &Value) -> PyResult<Bound<'py, PyAny>> {
    Ok(match value {
        Value::Null => py.None().into_bound(py),
        Value::Bool(b) => PyBool::new(py, *b).to_owned().into_any(),
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                i.into_pyobject(py)?.into_any()
            } else if let Some(u) = n.as_u64() {
                u.into_pyobject(py)?.into_any()
            } else {
                n.as_f64().unwrap_or(f64::NAN).into_pyobject(py)?.into_any()
            }
        }
        Value::String(s) => PyString::new(py, s).into_any(),
        Value::Array(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(to_py(py, item)?)?;
            }
            list.into_any()
        }
        Value::Object(map) => dict(py, map.iter())?.into_any(),
    })
}

/// A dict from `(key, JSON value)` pairs.
pub(crate) fn dict<'py, 'a>(
    py: Python<'py>,
    pairs: impl IntoIterator<Item = (&'a String, &'a Value)>,
) -> PyResult<Bound<'py, PyDict>> {
    let dict = PyDict::new(py);
    for (key, value) in pairs {
        dict.set_item(key, to_py(py, value)?)?;
    }
    Ok(dict)
}

/// Unix milliseconds as an aware UTC `datetime`.
pub(crate) fn datetime_ms(py: Python<'_>, ms: i64) -> PyResult<Py<PyAny>> {
    let datetime = py.import("datetime")?;
    let utc = datetime.getattr("timezone")?.getattr("utc")?;
    let seconds = ms as f64 / 1000.0;
    Ok(datetime
        .getattr("datetime")?
        .call_method1("fromtimestamp", (seconds, utc))?
        .unbind())
}
