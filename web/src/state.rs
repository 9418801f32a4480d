//! What every request handler shares.

use std::sync::{Arc, RwLock};

use pinpoint_search::Searcher;

/// Shared, cheaply cloned state. The searcher sits behind a lock only so that a new index snapshot can replace it
/// atomically (issue 5); a request takes an `Arc` to the current searcher and keeps it for its whole life.
#[derive(Clone)]
pub struct AppState {
    searcher: Arc<RwLock<Arc<Searcher>>>,
}

impl AppState {
    /// State serving `searcher`.
    pub fn new(searcher: Searcher) -> AppState {
        AppState {
            searcher: Arc::new(RwLock::new(Arc::new(searcher))),
        }
    }

    /// The searcher to use for this request.
    pub fn searcher(&self) -> Arc<Searcher> {
        // A poisoned lock still holds a valid `Arc`: a panic elsewhere cannot leave it half-written.
        match self.searcher.read() {
            Ok(guard) => Arc::clone(&guard),
            Err(poisoned) => Arc::clone(&poisoned.into_inner()),
        }
    }

    /// Makes `searcher` the one every later request uses; requests in flight finish on the old one.
    pub fn replace_searcher(&self, searcher: Searcher) {
        let new = Arc::new(searcher);
        match self.searcher.write() {
            Ok(mut guard) => *guard = new,
            Err(poisoned) => *poisoned.into_inner() = new,
        }
    }
}
