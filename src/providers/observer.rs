//! Watching a live collection's API calls, whatever the cloud.
//!
//! A collector reports each operation it issues to a [`CallLog`]: the log counts operations for
//! `collection.api_calls` (so the snapshot itself proves what was called) and tells the optional
//! [`CallObserver`] — the CLI's progress display and `-v` log — when each one started and how it
//! finished. Operations are named `service:Operation`, as in the provider's permission policy.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Receives one call per operation (after all its retry attempts).
pub trait CallObserver: Send + Sync {
    /// `op` (`service:Operation`) was issued.
    fn started(&self, _op: &str) {}
    /// `op` finished; `status` is the final HTTP status, if a response came back, and `latency`
    /// includes retries and backoff.
    fn finished(&self, op: &str, status: Option<u16>, latency: Duration);
}

/// Counts the operations of one collection and forwards them to the observer. Cheap to clone:
/// clones share the counts.
#[derive(Clone, Default)]
pub struct CallLog {
    counts: Arc<Mutex<BTreeMap<String, u64>>>,
    observer: Option<Arc<dyn CallObserver>>,
}

impl std::fmt::Debug for CallLog {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CallLog")
            .field("counts", &self.counts)
            .finish_non_exhaustive()
    }
}

impl CallLog {
    pub fn new(observer: Option<Arc<dyn CallObserver>>) -> Self {
        CallLog {
            counts: Arc::default(),
            observer,
        }
    }

    /// Whether anyone wants timings (so a collector can skip taking them).
    pub fn observed(&self) -> bool {
        self.observer.is_some()
    }

    /// Counts `op` and tells the observer; returns when it started.
    pub fn started(&self, op: &str) -> Instant {
        *self
            .counts
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .entry(op.to_string())
            .or_insert(0) += 1;
        if let Some(o) = &self.observer {
            o.started(op);
        }
        Instant::now()
    }

    pub fn finished(&self, op: &str, status: Option<u16>, started: Instant) {
        if let Some(o) = &self.observer {
            o.finished(op, status, started.elapsed());
        }
    }

    /// `collection.api_calls`: operation → times issued.
    pub fn api_calls(&self) -> BTreeMap<String, u64> {
        self.counts
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Default)]
    struct Seen(Mutex<Vec<String>>);

    impl CallObserver for Seen {
        fn started(&self, op: &str) {
            self.0.lock().unwrap().push(format!("start {op}"));
        }
        fn finished(&self, op: &str, status: Option<u16>, _: Duration) {
            self.0.lock().unwrap().push(format!("end {op} {status:?}"));
        }
    }

    #[test]
    fn counts_every_call_and_tells_the_observer_in_order() {
        let seen = Arc::new(Seen::default());
        let log = CallLog::new(Some(seen.clone()));
        let clone = log.clone();
        let t = log.started("iam:ListUsers");
        clone.finished("iam:ListUsers", Some(200), t);
        let t = clone.started("iam:ListUsers");
        log.finished("iam:ListUsers", None, t);
        log.started("sts:GetCallerIdentity");
        assert_eq!(
            log.api_calls().into_iter().collect::<Vec<_>>(),
            vec![
                ("iam:ListUsers".to_string(), 2),
                ("sts:GetCallerIdentity".to_string(), 1)
            ]
        );
        assert_eq!(
            *seen.0.lock().unwrap(),
            [
                "start iam:ListUsers",
                "end iam:ListUsers Some(200)",
                "start iam:ListUsers",
                "end iam:ListUsers None",
                "start sts:GetCallerIdentity"
            ]
        );
    }
}
