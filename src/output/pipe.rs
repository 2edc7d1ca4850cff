//! `--display pipe:COMMAND`: every frame as raw RGB on the standard input of a command, for encoders, recorders and panel drivers written in any language.
//!
//! A frame is width x height x 3 bytes: R, G, B of each pixel, row by row
//! from the top left, with no header or separator; the reader knows the panel
//! size from its own setup. COMMAND runs as `sh -c COMMAND` in a process group
//! of its own, writing to the server's standard output and error. When it
//! exits or stops reading, the frame fails with its exit status (so it is
//! logged once, and shown by `GET /api/displays`), the output is retried with
//! back-off and the next try starts it again. A command that exits within a
//! quarter of a second of starting fails its first frame, so one that cannot
//! run at all stays failing instead of flickering between up and down. A
//! command slower than the panel only skips frames. Closing the output kills
//! the whole group, whatever COMMAND started included, and reaps it. COMMAND
//! runs at the server's priority, not the raised one of the output's thread.
//!
//! A list of displays is split at commas, and options follow the last `?`,
//! so COMMAND can hold neither: put such a command in a script and name the
//! script.

use std::io::{self, Write};
use std::os::unix::process::CommandExt;
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use parking_lot::Mutex;
use rustix::process::{Pid, Signal, kill_process_group};

use super::{Device, Interrupt, Kind, Opener};
use crate::gfx::Frame;
use crate::priority;

/// How long a new command must keep running to count as started.
const STARTUP: Duration = Duration::from_millis(250);
/// How long a command that stopped reading gets to exit by itself, so its own exit status is told.
const GRACE: Duration = Duration::from_millis(500);
/// How often a command's exit is looked for while waiting on it.
const POLL: Duration = Duration::from_millis(10);

/// `--display pipe:COMMAND`.
pub const KIND: Kind = Kind {
    usage: "pipe:COMMAND",
    parse: |display, _| {
        let command = display.strip_prefix("pipe:")?.trim();
        if command.is_empty() {
            return Some(Err("empty command in pipe:COMMAND".into()));
        }
        let command = command.to_owned();
        let open = move |_| Ok(Box::new(Pipe::new(&command)) as Box<dyn Device>);
        Some(Ok(Arc::new(open) as Opener))
    },
};

/// A command fed frames, started by the first frame that finds none running.
struct Pipe {
    command: String,
    running: Option<Running>,
    group: Arc<Mutex<Group>>,
}

struct Running {
    child: Child,
    stdin: ChildStdin,
    /// Whether it has outlived [`STARTUP`].
    started: bool,
}

/// What the thread closing the output needs to stop the command.
#[derive(Default)]
struct Group {
    /// The running command's process id, which is also its group's.
    leader: Option<Pid>,
    /// Set once the output closes: no command is started again.
    closed: bool,
}

impl Pipe {
    fn new(command: &str) -> Self {
        Self {
            command: command.to_owned(),
            running: None,
            group: Arc::default(),
        }
    }

    fn start(&self) -> io::Result<Running> {
        let mut group = self.group.lock();
        if group.closed {
            return Err(io::Error::other("the output is closing"));
        }
        let command = self.command.clone();
        let starting = priority::spawn_as_the_server("pipe-start", move || {
            Command::new("sh")
                .arg("-c")
                .arg(command)
                .stdin(Stdio::piped())
                .process_group(0)
                .spawn()
        })?;
        let mut child = starting
            .join()
            .map_err(|_| io::Error::other("starting the command panicked"))??;
        group.leader = Some(Pid::from_child(&child));
        let stdin = child
            .stdin
            .take()
            .ok_or_else(|| io::Error::other("the command has no input"))?;
        Ok(Running {
            child,
            stdin,
            started: false,
        })
    }

    /// Closes the command's input, gives it [`GRACE`] to exit by itself, then
    /// kills what is left of its group and reaps it. Returns its exit status
    /// if it exited by itself.
    fn end(&self, running: Running) -> Option<ExitStatus> {
        let Running { mut child, stdin, .. } = running;
        drop(stdin);
        let leader = self.group.lock().leader.take();
        let exited = wait(&mut child, GRACE);
        // A group keeps its id while anything in it is left, even once its leader is reaped.
        if let Some(leader) = leader {
            let _ = kill_process_group(leader, Signal::KILL);
        }
        if exited.is_none() {
            let _ = child.wait();
        }
        exited
    }
}

impl Device for Pipe {
    fn show(&mut self, frame: &Frame) -> io::Result<()> {
        let mut running = match self.running.take() {
            Some(running) => running,
            None => self.start()?,
        };
        match feed(&mut running, frame.rgb()) {
            Ok(()) => {
                self.running = Some(running);
                Ok(())
            }
            Err(broken) => Err(match self.end(running) {
                Some(status) => io::Error::new(io::ErrorKind::BrokenPipe, format!("the command exited ({status})")),
                None => io::Error::new(
                    broken.kind(),
                    format!("the command stopped reading ({broken}) and was killed"),
                ),
            }),
        }
    }

    /// Kills the command's group, which cuts short a frame it is not reading.
    fn interrupt(&self) -> Option<Interrupt> {
        let group = Arc::clone(&self.group);
        Some(Box::new(move || {
            let mut group = group.lock();
            group.closed = true;
            if let Some(leader) = group.leader {
                let _ = kill_process_group(leader, Signal::KILL);
            }
        }))
    }
}

impl Drop for Pipe {
    /// Leaves no command behind, however the output's thread ends.
    fn drop(&mut self) {
        if let Some(running) = self.running.take() {
            self.end(running);
        }
    }
}

/// Writes one frame to a command still running; the first time, also waits
/// for it to outlive [`STARTUP`]. An error means the command is done for.
fn feed(running: &mut Running, rgb: &[u8]) -> io::Result<()> {
    if running.child.try_wait()?.is_some() {
        return Err(io::ErrorKind::BrokenPipe.into());
    }
    running.stdin.write_all(rgb)?;
    if !running.started {
        if wait(&mut running.child, STARTUP).is_some() {
            return Err(io::ErrorKind::BrokenPipe.into());
        }
        running.started = true;
    }
    Ok(())
}

/// The command's exit status, if it exits within `time`.
fn wait(child: &mut Child, time: Duration) -> Option<ExitStatus> {
    let deadline = Instant::now() + time;
    loop {
        match child.try_wait() {
            Ok(Some(status)) => return Some(status),
            Ok(None) if Instant::now() < deadline => std::thread::sleep(POLL),
            _ => return None,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;
    use std::sync::mpsc;

    use super::*;

    const PATIENCE: Duration = Duration::from_secs(5);

    /// The file's bytes once it holds `size` of them.
    fn read_when(file: &Path, size: usize) -> Vec<u8> {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let bytes = std::fs::read(file).unwrap_or_default();
            if bytes.len() >= size || Instant::now() > deadline {
                return bytes;
            }
            std::thread::sleep(POLL);
        }
    }

    /// Shows `frame` until the command is found gone.
    fn show_until_error(pipe: &mut Pipe, frame: &Frame) -> io::Error {
        let deadline = Instant::now() + PATIENCE;
        loop {
            match pipe.show(frame) {
                Err(error) => return error,
                Ok(()) => assert!(Instant::now() < deadline, "the command never failed"),
            }
            std::thread::sleep(POLL);
        }
    }

    fn solid(value: u8) -> Frame {
        Frame::new(1, 1, vec![value; 3])
    }

    #[test]
    fn the_command_reads_the_frames_byte_for_byte() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("frames");
        let frames: Vec<Frame> = (0..3u8)
            .map(|frame| Frame::new(4, 2, (0..24u8).map(|byte| byte * 10 + frame).collect()))
            .collect();
        let mut pipe = Pipe::new(&format!("head -c 72 > '{}'", file.display()));
        for frame in &frames {
            pipe.show(frame).unwrap();
        }
        let expected: Vec<u8> = frames.iter().flat_map(|frame| frame.rgb().to_vec()).collect();
        assert_eq!(read_when(&file, 72), expected);
    }

    #[test]
    fn a_command_that_exits_fails_a_frame_and_the_next_one_starts_it_again() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("frames");
        // Each run takes two one-pixel frames, then exits.
        let mut pipe = Pipe::new(&format!("head -c 6 >> '{}'", file.display()));
        pipe.show(&solid(1)).unwrap();
        pipe.show(&solid(2)).unwrap();
        let error = show_until_error(&mut pipe, &solid(9));
        assert_eq!(error.to_string(), "the command exited (exit status: 0)");
        pipe.show(&solid(3)).unwrap();
        pipe.show(&solid(4)).unwrap();
        assert_eq!(read_when(&file, 12), [1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4]);
    }

    #[test]
    fn a_command_that_cannot_run_fails_with_its_exit_status() {
        let mut pipe = Pipe::new("exit 3");
        let error = show_until_error(&mut pipe, &solid(1));
        assert_eq!(error.to_string(), "the command exited (exit status: 3)");
    }

    /// Whether the process is gone: reaped, or killed and waiting for a reaper that is not us.
    fn gone(pid: &str) -> bool {
        match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
            Err(_) => true,
            Ok(stat) => stat.rsplit_once(") ").is_some_and(|(_, state)| state.starts_with('Z')),
        }
    }

    #[test]
    fn a_command_that_never_reads_holds_up_neither_the_caller_nor_the_close() {
        let dir = tempfile::tempdir().unwrap();
        let pids = dir.path().join("pids");
        // The command and a process it started, neither reading: closing kills both.
        let command = format!("sleep 600 & echo $$ $! > '{}'; exec sleep 600", pids.display());
        let output = crate::output::Output::spawn(
            "never-reads",
            Pipe::new(&command),
            crate::priority::PanelPriority::Normal,
        )
        .unwrap();
        // Bigger than any pipe's buffer, so the first write blocks.
        let frame = Arc::new(Frame::blank(1024, 1024));
        let started = Instant::now();
        for _ in 0..100 {
            output.show(&frame);
        }
        assert!(started.elapsed() < Duration::from_secs(1));
        let status = output.status();
        assert_eq!(status.frames_sent, 0);
        assert!(status.frames_dropped >= 98, "{} dropped", status.frames_dropped);

        let pids = String::from_utf8(read_when(&pids, 4)).unwrap();
        let pids: Vec<&str> = pids.split_whitespace().collect();
        assert_eq!(pids.len(), 2, "{pids:?}");
        let (closed, done) = mpsc::channel();
        std::thread::spawn(move || {
            drop(output);
            closed.send(()).unwrap();
        });
        assert_eq!(done.recv_timeout(PATIENCE), Ok(()), "closing is not held up");
        let deadline = Instant::now() + PATIENCE;
        while !pids.iter().all(|pid| gone(pid)) && Instant::now() < deadline {
            std::thread::sleep(POLL);
        }
        assert!(pids.iter().all(|pid| gone(pid)), "{pids:?} still run");
    }

    #[test]
    fn an_empty_command_is_refused() {
        assert_eq!(
            (KIND.parse)("pipe: ", &mut Default::default()).unwrap().err(),
            Some("empty command in pipe:COMMAND".into())
        );
        assert!(
            (KIND.parse)("pipe:cat > /dev/null", &mut Default::default())
                .unwrap()
                .is_ok()
        );
        assert!((KIND.parse)("pipes", &mut Default::default()).is_none());
    }
}
