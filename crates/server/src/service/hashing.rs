//! Password hashing (Argon2id: 19 MiB and tens of milliseconds of a core each) on a few
//! threads of its own, one per core. 200 logins at once then use one 19 MiB block per
//! core, not 200 — and, as only these threads ever hash, the allocator keeps at most one
//! freed block per thread instead of one per thread of tokio's blocking pool. A request
//! that waits `WAIT` for its turn answers 503 + Retry-After.

use super::{ApiError, ApiResult};
use circle_api::ErrorCode;
use std::sync::{mpsc, Mutex, OnceLock};
use tokio::sync::{oneshot, Semaphore};

/// How long a login or registration waits for a hashing thread before it is told to
/// come back.
const WAIT: std::time::Duration = std::time::Duration::from_secs(3);

type Job = Box<dyn FnOnce() + Send>;

struct Pool {
    /// Admission: as many as there are threads, so a job never queues behind another.
    slots: Semaphore,
    jobs: Mutex<mpsc::Sender<Job>>,
}

fn pool() -> &'static Pool {
    static POOL: OnceLock<Pool> = OnceLock::new();
    POOL.get_or_init(|| {
        let threads = std::thread::available_parallelism().map_or(2, std::num::NonZeroUsize::get);
        let (tx, rx) = mpsc::channel::<Job>();
        let rx = std::sync::Arc::new(Mutex::new(rx));
        for i in 0..threads {
            let rx = std::sync::Arc::clone(&rx);
            let spawned = std::thread::Builder::new()
                .name(format!("hashing-{i}"))
                .spawn(move || loop {
                    let job = match rx.lock() {
                        Ok(rx) => rx.recv(),
                        Err(_) => return,
                    };
                    match job {
                        Ok(job) => job(),
                        Err(_) => return,
                    }
                });
            if let Err(e) = spawned {
                tracing::error!("cannot start hashing thread: {e}");
            }
        }
        Pool {
            slots: Semaphore::new(threads),
            jobs: Mutex::new(tx),
        }
    })
}

/// Runs `work` on a hashing thread and waits for its result.
pub async fn hashing<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> ApiResult<T> {
    let pool = pool();
    let busy = || {
        ApiError::new(
            ErrorCode::Unavailable,
            "Too many logins at this moment; try again in a second.",
        )
        .retry_after(1)
    };
    let _slot = tokio::time::timeout(WAIT, pool.slots.acquire())
        .await
        .map_err(|_| busy())?
        .map_err(|_| busy())?;
    let (tx, rx) = oneshot::channel();
    let job: Job = Box::new(move || {
        let _ = tx.send(work());
    });
    pool.jobs
        .lock()
        .map_err(|_| ApiError::internal(anyhow::anyhow!("hashing pool poisoned")))?
        .send(job)
        .map_err(|_| ApiError::internal(anyhow::anyhow!("hashing threads are gone")))?;
    rx.await
        .map_err(|_| ApiError::internal(anyhow::anyhow!("a hashing job panicked")))
}
