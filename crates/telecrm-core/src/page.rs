//! Pagination: what to ask for ([`Paging`]), what comes back ([`Page`]), and
//! when to stop ([`Pager`]).
//!
//! The API pages by offset: `skip` (default 0) and `limit` (default 10), each
//! endpoint with its own largest `limit`. Following pages is where clients go
//! wrong in two ways, both handled here once for every paginated endpoint:
//! stopping early (on a short page that is not the last), and never stopping
//! (on a server that ignores `skip` and sends the first page forever).
//! [`Pager`] stops on an empty or short page, or once `total_count` is reached,
//! and reports [`PaginationError`] when a page repeats the previous one or
//! echoes another `skip` than the one asked for.

use serde::Deserialize;

use crate::endpoint::Endpoint;

/// The API's default page size.
pub const DEFAULT_LIMIT: u32 = 10;

/// Why a page window is invalid.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PagingError {
    /// `limit` is outside what the endpoint documents.
    #[error("limit {limit} is out of range: it must be between 1 and {max}")]
    LimitOutOfRange {
        /// The limit asked for.
        limit: u32,
        /// The endpoint's largest limit.
        max: u32,
    },
}

/// A page window: how many items to skip and how many to return.
///
/// Built against an endpoint's largest page size, so a window the API would
/// refuse (`400 Limit should be between 1 and 100`) cannot be sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Paging {
    skip: u64,
    limit: u32,
}

impl Paging {
    /// A window of `limit` items after `skip`, checked against `max_limit`.
    ///
    /// # Errors
    ///
    /// [`PagingError::LimitOutOfRange`] when `limit` is 0 or above `max_limit`.
    pub fn new(skip: u64, limit: u32, max_limit: u32) -> Result<Self, PagingError> {
        if (1..=max_limit).contains(&limit) {
            Ok(Self { skip, limit })
        } else {
            Err(PagingError::LimitOutOfRange {
                limit,
                max: max_limit,
            })
        }
    }

    /// The API's defaults: skip 0, limit 10.
    pub const fn first() -> Self {
        Self {
            skip: 0,
            limit: DEFAULT_LIMIT,
        }
    }

    /// Items skipped.
    pub fn skip(&self) -> u64 {
        self.skip
    }

    /// Items asked for.
    pub fn limit(&self) -> u32 {
        self.limit
    }

    /// The same window size at another offset.
    #[must_use]
    pub fn at(self, skip: u64) -> Self {
        Self { skip, ..self }
    }
}

impl Default for Paging {
    fn default() -> Self {
        Self::first()
    }
}

/// One page of results: `{"data": [...], "total_count", "skip", "limit"}`.
///
/// The counters are optional: the docs show them, but a page without them is
/// still a page.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct Page<T> {
    /// The items, in the server's order.
    pub data: Vec<T>,
    /// How many items match in all, when the server says.
    #[serde(default)]
    pub total_count: Option<u64>,
    /// The offset the server applied, when it says.
    #[serde(default)]
    pub skip: Option<u64>,
    /// The page size the server applied, when it says.
    #[serde(default)]
    pub limit: Option<u64>,
}

/// An endpoint whose answer is a [`Page`] and that can be asked for another
/// window of the same results.
pub trait Paginated<T>: Endpoint<Response = Page<T>> + Clone {
    /// The largest page size the endpoint documents.
    const MAX_LIMIT: u32;

    /// A window of `limit` items after `skip`, checked against
    /// [`Paginated::MAX_LIMIT`].
    ///
    /// # Errors
    ///
    /// [`PagingError`] for a limit of 0 or above the largest.
    fn window(skip: u64, limit: u32) -> Result<Paging, PagingError> {
        Paging::new(skip, limit, Self::MAX_LIMIT)
    }

    /// The window this request asks for.
    fn paging(&self) -> Paging;

    /// Moves the window to `skip`, keeping its size.
    fn set_skip(&mut self, skip: u64);
}

/// Why following pages stopped with an error instead of at the end.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PaginationError {
    /// The server says it applied another offset than the one asked for.
    #[error("asked for items after {requested}, but the server answered with skip {echoed}")]
    SkipIgnored {
        /// The offset sent.
        requested: u64,
        /// The offset the page claims.
        echoed: u64,
    },
    /// The page starts with the same item as the previous one: the server is
    /// not moving through the results, and following it would never end.
    #[error("the page at skip {skip} repeats the previous page; the server seems to ignore skip")]
    Repeated {
        /// The offset of the repeated page.
        skip: u64,
    },
}

/// Decides, page after page, where the next one starts or that there is none.
///
/// Pure: the transport asks [`Pager::next_skip`], sends, and hands the page
/// to [`Pager::record`].
///
/// ```
/// use telecrm_core::page::{Page, Pager, Paging};
///
/// let mut pager = Pager::new(Paging::new(0, 2, 100).unwrap());
/// let page = |skip, data: Vec<u32>| -> Page<u32> {
///     serde_json::from_value(serde_json::json!({"data": data, "total_count": 5, "skip": skip})).unwrap()
/// };
/// assert_eq!(pager.next_skip(), Some(0));
/// pager.record(&page(0, vec![1, 2])).unwrap();
/// assert_eq!(pager.next_skip(), Some(2));
/// pager.record(&page(2, vec![3, 4])).unwrap();
/// pager.record(&page(4, vec![5])).unwrap();
/// assert_eq!(pager.next_skip(), None);
/// ```
#[derive(Debug, Clone)]
pub struct Pager<T> {
    next: Option<u64>,
    limit: u32,
    previous_first: Option<T>,
}

impl<T: PartialEq + Clone> Pager<T> {
    /// Starts at `paging`'s window.
    pub fn new(paging: Paging) -> Self {
        Self {
            next: Some(paging.skip()),
            limit: paging.limit(),
            previous_first: None,
        }
    }

    /// A pager with no pages left (after a failed page, say).
    pub fn finished() -> Self {
        Self {
            next: None,
            limit: 0,
            previous_first: None,
        }
    }

    /// Where the next page starts, or `None` when there are no more.
    pub fn next_skip(&self) -> Option<u64> {
        self.next
    }

    /// Takes the page that answered [`Pager::next_skip`] and decides what follows.
    ///
    /// # Errors
    ///
    /// [`PaginationError`] when the page shows the server is not paging; after
    /// an error there are no more pages.
    pub fn record(&mut self, page: &Page<T>) -> Result<(), PaginationError> {
        let Some(requested) = self.next.take() else {
            return Ok(());
        };
        if let Some(echoed) = page.skip.filter(|&echoed| echoed != requested) {
            return Err(PaginationError::SkipIgnored { requested, echoed });
        }
        let Some(first) = page.data.first() else {
            return Ok(());
        };
        if self.previous_first.as_ref() == Some(first) {
            return Err(PaginationError::Repeated { skip: requested });
        }
        let after = requested.saturating_add(page.data.len() as u64);
        let short = page.data.len() < self.limit as usize;
        let at_total = page.total_count.is_some_and(|total| after >= total);
        if !short && !at_total {
            self.next = Some(after);
            self.previous_first = Some(first.clone());
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn page(value: serde_json::Value) -> Page<u32> {
        serde_json::from_value(value).unwrap()
    }

    #[test]
    fn limits_are_checked() {
        assert!(Paging::new(0, 1, 100).is_ok());
        assert!(Paging::new(0, 100, 100).is_ok());
        assert_eq!(
            Paging::new(0, 0, 100),
            Err(PagingError::LimitOutOfRange { limit: 0, max: 100 })
        );
        assert_eq!(
            Paging::new(0, 11, 10).unwrap_err().to_string(),
            "limit 11 is out of range: it must be between 1 and 10"
        );
    }

    #[test]
    fn stops_on_empty_short_or_total() {
        let mut pager = Pager::new(Paging::new(0, 2, 100).unwrap());
        pager.record(&page(json!({"data": [1, 2]}))).unwrap();
        assert_eq!(pager.next_skip(), Some(2));
        pager.record(&page(json!({"data": []}))).unwrap();
        assert_eq!(pager.next_skip(), None);

        let mut pager = Pager::new(Paging::new(0, 2, 100).unwrap());
        pager
            .record(&page(json!({"data": [1, 2], "total_count": 2})))
            .unwrap();
        assert_eq!(pager.next_skip(), None);
    }

    #[test]
    fn a_server_ignoring_skip_is_caught() {
        let mut pager = Pager::new(Paging::new(0, 2, 100).unwrap());
        pager.record(&page(json!({"data": [1, 2]}))).unwrap();
        assert_eq!(
            pager.record(&page(json!({"data": [1, 2]}))),
            Err(PaginationError::Repeated { skip: 2 })
        );
        assert_eq!(pager.next_skip(), None);

        let mut pager = Pager::new(Paging::new(0, 2, 100).unwrap());
        pager
            .record(&page(json!({"data": [1, 2], "skip": 0})))
            .unwrap();
        assert_eq!(
            pager.record(&page(json!({"data": [3, 4], "skip": 0}))),
            Err(PaginationError::SkipIgnored {
                requested: 2,
                echoed: 0
            })
        );
        assert_eq!(pager.next_skip(), None);
    }
}
