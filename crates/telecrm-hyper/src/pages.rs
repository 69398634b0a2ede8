//! [`Pages`]: following a paginated endpoint to its end.

use telecrm_core::{Endpoint, Page, Pager, Paginated, SyncToken};

use crate::call::Response;
use crate::error::Error;
use crate::workspace::WorkspaceClient;

/// The pages of a paginated search, fetched one at a time as asked for.
///
/// It stops after the last page (an empty or short page, or `total_count`
/// reached) and never loops on a server that ignores `skip`: a repeated
/// page, or a page claiming another offset, ends it with an error for which
/// [`Error::is_pagination`] holds. After any error it yields nothing more.
///
/// ```no_run
/// # async fn run(client: telecrm_hyper::WorkspaceClient) -> Result<(), telecrm_hyper::Error> {
/// use telecrm_hyper::{ActionFilter, SearchActions};
///
/// let mut pages = client.search_actions_pages(
///     "603d2b2f9b1e8a001c8e4f5c".parse().unwrap(),
///     ActionFilter::new(),
///     SearchActions::paging(0, 100).unwrap(),
/// );
/// while let Some(page) = pages.next_page().await {
///     for item in page?.data {
///         println!("{}", item.action.action_type());
///     }
/// }
/// # Ok(())
/// # }
/// ```
#[derive(Debug)]
pub struct Pages<E, T> {
    client: WorkspaceClient,
    endpoint: E,
    pager: Pager<T>,
}

impl<E, T> Pages<E, T>
where
    E: Paginated<T> + Endpoint<Token = SyncToken> + Sync,
    T: PartialEq + Clone,
{
    pub(crate) fn new(client: WorkspaceClient, endpoint: E) -> Self {
        let pager = Pager::new(endpoint.paging());
        Self {
            client,
            endpoint,
            pager,
        }
    }

    /// The next page, or `None` after the last one (or after an error).
    pub async fn next_page(&mut self) -> Option<Result<Page<T>, Error>> {
        self.next_response()
            .await
            .map(|result| result.map(Response::into_value))
    }

    /// The next page with the response it came from (status, headers, and
    /// the body exactly as received).
    pub async fn next_response(&mut self) -> Option<Result<Response<Page<T>>, Error>> {
        let skip = self.pager.next_skip()?;
        self.endpoint.set_skip(skip);
        let response = match self.client.send_full(&self.endpoint).await {
            Ok(response) => response,
            Err(err) => {
                self.pager = Pager::finished();
                return Some(Err(err));
            }
        };
        match self.pager.record(response.value()) {
            Ok(()) => Some(Ok(response)),
            Err(err) => Some(Err(err.into())),
        }
    }

    /// Every item of every page, in order.
    ///
    /// # Errors
    ///
    /// The first page that fails.
    pub async fn collect_all(mut self) -> Result<Vec<T>, Error> {
        let mut items = Vec::new();
        while let Some(page) = self.next_page().await {
            items.extend(page?.data);
        }
        Ok(items)
    }
}

impl WorkspaceClient {
    /// Pages through any paginated endpoint, starting at its window.
    pub fn pages<E, T>(&self, endpoint: E) -> Pages<E, T>
    where
        E: Paginated<T> + Endpoint<Token = SyncToken> + Sync,
        T: PartialEq + Clone,
    {
        Pages::new(self.clone(), endpoint)
    }
}
