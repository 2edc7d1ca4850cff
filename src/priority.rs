//! Scheduling priority for the threads that pace the panel.
//!
//! The render thread and the output threads decide when a frame reaches the LEDs. On a core
//! shared with Socket.IO broadcasts (or other programs), the scheduler runs them first when
//! a frame is due only if they rank above the rest of the server; otherwise a frame waits
//! behind whatever else is running, and moving text stutters.

/// Nice levels these threads ask for above the rest of the server.
#[cfg(target_os = "linux")]
const BOOST: i32 = 5;

/// Lowers the calling thread's nice value (a per-thread attribute on Linux) where the process
/// may (root, `CAP_SYS_NICE` or a raised `RLIMIT_NICE`); elsewhere it keeps the server's.
pub fn raise_for_this_thread() {
    #[cfg(target_os = "linux")]
    {
        let raised = rustix::process::getpriority_process(None)
            .and_then(|nice| rustix::process::setpriority_process(None, nice - BOOST));
        if let Err(error) = raised {
            tracing::debug!(%error, "a panel thread keeps the server's priority");
        }
    }
}
