//! Scheduling priority for the threads that pace the panel.
//!
//! The render thread and the output threads decide when a frame reaches the LEDs. On a core
//! shared with Socket.IO broadcasts (or other programs), a frame waits behind whatever else is
//! running unless these threads rank above it. A lower nice value is not quite enough: the
//! kernel lets the running thread finish its time slice before a woken one of greater weight
//! takes the core, so during a broadcast about one frame in a hundred came 2 to 3 ms late. A
//! real-time thread takes the core the moment it wakes; these threads sleep almost all of every
//! frame, so the lowest real-time level costs the rest of the system next to nothing.
//!
//! A program such a thread starts (`--display pipe:COMMAND`) would inherit its scheduling, and
//! a real-time `ffmpeg` can starve the whole machine; so would long work the render thread
//! hands off. [`spawn_as_the_server`] starts a thread scheduled as the rest of the server.

use std::cell::Cell;

/// How the panel's threads ask to be scheduled (`--panel-priority`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum PanelPriority {
    /// The lowest real-time level (`SCHED_FIFO` 1) where the process may (root,
    /// `CAP_SYS_NICE` or `RLIMIT_RTPRIO`), else as `raised`.
    #[default]
    Realtime,
    /// A nice value five below the server's where the process may (root, `CAP_SYS_NICE` or
    /// `RLIMIT_NICE`), else the server's.
    Raised,
    /// The server's own scheduling.
    Normal,
}

/// Nice levels a `raised` thread asks for above the rest of the server.
#[cfg(target_os = "linux")]
const BOOST: i32 = 5;

thread_local! {
    /// The server's nice value, as this thread had it before it asked for a priority.
    static SERVER_NICE: Cell<Option<i32>> = const { Cell::new(None) };
}

impl PanelPriority {
    /// Applies this priority to the calling thread (a per-thread attribute on Linux), falling
    /// back as far as the system allows, and says which one the thread got; elsewhere the
    /// thread keeps the server's.
    pub fn apply_to_this_thread(self) -> PanelPriority {
        #[cfg(target_os = "linux")]
        {
            SERVER_NICE.set(rustix::process::getpriority_process(None).ok());
            if self == Self::Realtime {
                match realtime() {
                    Ok(()) => return Self::Realtime,
                    Err(error) => tracing::debug!(?error, "a panel thread cannot be real-time"),
                }
            }
            if self != Self::Normal {
                let raised = rustix::process::getpriority_process(None)
                    .and_then(|nice| rustix::process::setpriority_process(None, nice - BOOST));
                match raised {
                    Ok(()) => return Self::Raised,
                    Err(error) => tracing::debug!(%error, "a panel thread keeps the server's priority"),
                }
            }
        }
        Self::Normal
    }
}

/// Starts a thread named `name` that runs `work` scheduled as the server is, whatever
/// priority the calling panel thread asked for. A new thread, and a program a thread starts,
/// begin with the policy and nice value of the thread that made them: work of the render
/// thread's that takes long (fitting a picture) must not run real-time, and neither must a
/// program an output starts (`--display pipe:`).
pub fn spawn_as_the_server<T: Send + 'static>(
    name: &str,
    work: impl FnOnce() -> T + Send + 'static,
) -> std::io::Result<std::thread::JoinHandle<T>> {
    let server_nice = SERVER_NICE.get();
    std::thread::Builder::new().name(name.to_owned()).spawn(move || {
        #[cfg(target_os = "linux")]
        if let Some(nice) = server_nice {
            normal(nice);
        }
        #[cfg(not(target_os = "linux"))]
        let _ = server_nice;
        work()
    })
}

/// Back to the normal policy at the nice value `nice`: lowering a thread's priority needs no
/// privilege, so this cannot fail where the raise it undoes succeeded.
#[cfg(target_os = "linux")]
fn normal(nice: i32) {
    use thread_priority::{NormalThreadSchedulePolicy, ThreadPriority, ThreadPriorityOsValue, ThreadSchedulePolicy};
    // Sets the policy, then a nice value of 0, which a server at a higher one may not take.
    let _ = thread_priority::set_thread_priority_and_policy(
        thread_priority::thread_native_id(),
        ThreadPriority::Os(ThreadPriorityOsValue::default()),
        ThreadSchedulePolicy::Normal(NormalThreadSchedulePolicy::Other),
    );
    if let Err(error) = rustix::process::setpriority_process(None, nice) {
        tracing::debug!(%error, "a program started by a panel thread keeps that thread's nice value");
    }
}

#[cfg(target_os = "linux")]
fn realtime() -> Result<(), thread_priority::Error> {
    use thread_priority::{RealtimeThreadSchedulePolicy, ThreadPriority, ThreadSchedulePolicy};
    thread_priority::set_thread_priority_and_policy(
        thread_priority::thread_native_id(),
        ThreadPriority::Min,
        ThreadSchedulePolicy::Realtime(RealtimeThreadSchedulePolicy::Fifo),
    )
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use rustix::process::{geteuid, getpriority_process};
    use thread_priority::{RealtimeThreadSchedulePolicy, ThreadSchedulePolicy};

    use super::*;

    /// What a fresh thread got when it asked for `priority`: the level it reports, its
    /// policy and its nice value.
    fn applied(priority: PanelPriority) -> (PanelPriority, ThreadSchedulePolicy, i32) {
        std::thread::spawn(move || {
            let got = priority.apply_to_this_thread();
            let policy = thread_priority::thread_schedule_policy().unwrap();
            (got, policy, getpriority_process(None).unwrap())
        })
        .join()
        .unwrap()
    }

    #[test]
    fn realtime_is_the_fifo_policy_where_the_process_may() {
        let (got, policy, _) = applied(PanelPriority::Realtime);
        let fifo = ThreadSchedulePolicy::Realtime(RealtimeThreadSchedulePolicy::Fifo);
        assert_eq!(got == PanelPriority::Realtime, policy == fifo, "reports what it got");
        if geteuid().is_root() {
            assert_eq!(got, PanelPriority::Realtime);
        }
    }

    #[test]
    fn raised_lowers_the_nice_value_and_normal_keeps_it() {
        let server = getpriority_process(None).unwrap();
        let (got, policy, nice) = applied(PanelPriority::Normal);
        assert_eq!((got, nice), (PanelPriority::Normal, server));
        assert!(matches!(policy, ThreadSchedulePolicy::Normal(_)));
        let (got, _, nice) = applied(PanelPriority::Raised);
        assert_eq!(
            got == PanelPriority::Raised,
            nice == server - BOOST,
            "reports what it got"
        );
        if geteuid().is_root() {
            assert_eq!(got, PanelPriority::Raised);
        }
    }
}
