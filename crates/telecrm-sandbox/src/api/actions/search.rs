//! **Search actions**: `POST …/lead/{l}/action/search?skip=&limit=` with
//! optional filters `type`, `created_on` and `performed_by`, ANDed. Every
//! action type, newest first.

use percent_encoding::percent_decode_str;
use serde::Serialize;
use serde_json::{Map, Value};

use crate::api::{Refusal, bad_request, lead_not_found, wire_with};
use crate::state::{Stored, Tx};

/// The largest page.
pub(crate) const MAX_LIMIT: u64 = 100;

fn invalid_filter() -> Refusal {
    bad_request("Invalid filter")
}

/// `skip` and `limit` from the query string, with their defaults and bounds.
pub(crate) fn paging(query: Option<&str>) -> Result<(u64, u64), Refusal> {
    let (mut skip, mut limit) = (0, 10);
    for pair in query
        .unwrap_or_default()
        .split('&')
        .filter(|p| !p.is_empty())
    {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        let value = percent_decode_str(value).decode_utf8_lossy();
        match key {
            "skip" => {
                skip = value
                    .parse()
                    .map_err(|_| bad_request("Skip should be a non-negative integer"))?;
            }
            "limit" => {
                limit = value
                    .parse()
                    .ok()
                    .filter(|n| (1..=MAX_LIMIT).contains(n))
                    .ok_or_else(|| bad_request("Limit should be between 1 and 100"))?;
            }
            _ => {}
        }
    }
    Ok((skip, limit))
}

/// The filters of the body.
#[derive(Debug, Default)]
struct Filter {
    types: Option<Vec<String>>,
    from: Option<i64>,
    to: Option<i64>,
    performed_by: Option<Vec<String>>,
}

fn one_or_many(value: Value) -> Result<Vec<String>, Refusal> {
    let strings = match value {
        Value::String(s) => vec![s],
        Value::Array(items) if !items.is_empty() => items
            .into_iter()
            .map(|v| match v {
                Value::String(s) => Ok(s),
                _ => Err(invalid_filter()),
            })
            .collect::<Result<_, _>>()?,
        _ => return Err(invalid_filter()),
    };
    Ok(strings)
}

pub(crate) fn bound(value: Value) -> Result<i64, Refusal> {
    match value {
        Value::Number(n) => n
            .as_u64()
            .and_then(|n| i64::try_from(n).ok())
            .ok_or_else(invalid_filter),
        Value::String(s) => parse_date(&s).ok_or_else(invalid_filter),
        _ => Err(invalid_filter()),
    }
}

fn filter(body: Map<String, Value>) -> Result<Filter, Refusal> {
    let mut filter = Filter::default();
    for (key, value) in body {
        match key.as_str() {
            "type" => filter.types = Some(one_or_many(value)?),
            "performed_by" => filter.performed_by = Some(one_or_many(value)?),
            "created_on" => {
                let Value::Object(range) = value else {
                    return Err(invalid_filter());
                };
                for (end, value) in range {
                    match end.as_str() {
                        "from" => filter.from = Some(bound(value)?),
                        "to" => filter.to = Some(bound(value)?),
                        _ => return Err(invalid_filter()),
                    }
                }
            }
            _ => return Err(invalid_filter()),
        }
    }
    Ok(filter)
}

/// `dd/MM/yyyy HH:mm:ss`, read as UTC, to Unix milliseconds.
pub(crate) fn parse_date(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    let shape = b.len() == 19
        && b[2] == b'/'
        && b[5] == b'/'
        && b[10] == b' '
        && b[13] == b':'
        && b[16] == b':';
    if !shape {
        return None;
    }
    let n = |r: std::ops::Range<usize>| -> Option<i64> {
        b[r].iter().try_fold(0i64, |n, c| {
            c.is_ascii_digit().then(|| n * 10 + i64::from(c - b'0'))
        })
    };
    let (day, month, year) = (n(0..2)?, n(3..5)?, n(6..10)?);
    let (hour, minute, second) = (n(11..13)?, n(14..16)?, n(17..19)?);
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days_in_month = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    if year < 1970 || day < 1 || day > days_in_month || hour > 23 || minute > 59 || second > 59 {
        return None;
    }
    // Days from the civil date (Howard Hinnant's algorithm).
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    Some(((days * 24 + hour) * 60 + minute) * 60_000 + second * 1000)
}

/// One action as the timeline shows it, both spellings: `{"id", <its keys>,
/// "created_on", "performed_by", "creationTimestamp",
/// "modificationTimestamp", "employeeid"}` (`performed_by` and `employeeid`
/// when a member performed it).
pub(crate) fn timeline_item(id: &str, stored: &Stored) -> String {
    let mut after = vec![("created_on", Value::from(stored.created_on))];
    if let Some(by) = &stored.performed_by {
        after.push(("performed_by", Value::from(by.as_str())));
    }
    after.push(("creationTimestamp", Value::from(stored.created_on)));
    after.push(("modificationTimestamp", Value::from(stored.modified_on)));
    if let Some(by) = &stored.performed_by {
        after.push(("employeeid", Value::from(by.as_str())));
    }
    wire_with(&[("id", Value::from(id))], &stored.state, &after)
}

#[derive(Serialize)]
struct PageHead {
    total_count: usize,
    skip: u64,
    limit: u64,
}

/// One page of the lead's timeline, as the answer's body.
pub(crate) fn answer(
    store: &Tx<'_>,
    lead: &str,
    query: Option<&str>,
    body: Value,
) -> Result<String, Refusal> {
    let (skip, limit) = paging(query)?;
    if !store.has_lead(lead) {
        return Err(lead_not_found());
    }
    let Value::Object(body) = body else {
        return Err(invalid_filter());
    };
    let filter = filter(body)?;
    let matching: Vec<_> = store
        .timeline(lead)
        .into_iter()
        .filter(|(_, stored)| {
            let ty = stored
                .state
                .get("type")
                .and_then(Value::as_str)
                .unwrap_or_default();
            let by = stored.performed_by.as_deref().unwrap_or_default();
            filter
                .types
                .as_ref()
                .is_none_or(|types| types.iter().any(|t| t.eq_ignore_ascii_case(ty)))
                && filter.from.is_none_or(|from| stored.created_on >= from)
                && filter.to.is_none_or(|to| stored.created_on <= to)
                && filter
                    .performed_by
                    .as_ref()
                    .is_none_or(|members| members.iter().any(|m| m == by))
        })
        .collect();
    let items: Vec<String> = matching
        .iter()
        .skip(usize::try_from(skip).unwrap_or(usize::MAX))
        .take(limit as usize)
        .map(|(id, stored)| timeline_item(id, stored))
        .collect();
    let head = serde_json::to_string(&PageHead {
        total_count: matching.len(),
        skip,
        limit,
    })
    .map_err(|e| bad_request(e.to_string()))?;
    Ok(format!(r#"{{"data":[{}],{}"#, items.join(","), &head[1..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_read_as_utc() {
        assert_eq!(parse_date("01/01/1970 00:00:00"), Some(0));
        assert_eq!(parse_date("10/04/2026 09:30:00"), Some(1_775_813_400_000));
        assert_eq!(parse_date("29/02/2028 23:59:59"), Some(1_835_481_599_000));
        for bad in [
            "31/04/2026 00:00:00",
            "29/02/2026 00:00:00",
            "1/4/2026 00:00:00",
            "01/04/2026 24:00:00",
            "2026-04-01",
        ] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn paging_bounds() {
        assert_eq!(paging(None).unwrap(), (0, 10));
        assert_eq!(paging(Some("skip=20&limit=100&x=1")).unwrap(), (20, 100));
        for bad in ["limit=0", "limit=101", "limit=x", "skip=-1", "skip="] {
            assert!(paging(Some(bad)).is_err(), "{bad}");
        }
    }

    #[test]
    fn filters_are_strict() {
        let object = |v: Value| v.as_object().unwrap().clone();
        assert!(
            filter(object(
                serde_json::json!({"type":"SMS","performed_by":["a","b"]})
            ))
            .is_ok()
        );
        for bad in [
            serde_json::json!({"x": 1}),
            serde_json::json!({"type": 1}),
            serde_json::json!({"type": []}),
            serde_json::json!({"created_on": {"from": "yesterday"}}),
            serde_json::json!({"created_on": {"since": 1}}),
            serde_json::json!({"created_on": {"from": -1}}),
        ] {
            assert!(filter(object(bad.clone())).is_err(), "{bad}");
        }
    }
}
