//! A DDP receiver that records frame pacing: point a server's `--display ddp://127.0.0.1:PORT`
//! at it. Prints `{"port":N}` once bound, then reads commands from stdin, one a line:
//! `start` opens a new window, `report` prints that window's figures as one JSON line.
//! Ends at end of input.

use std::os::fd::AsRawFd;
use std::time::Duration;

use clap::Parser;
use retroboard_loadgen::pacing::Recorder;
use retroboard_loadgen::rxstamp::{enable_stamps, recv_stamped, wall_ns};
use serde_json::json;
use tokio::io::{AsyncBufReadExt, BufReader, Interest};
use tokio::net::UdpSocket;

#[derive(Parser)]
struct Args {
    /// Loopback UDP port to listen on (0 = any free one).
    #[arg(long, default_value_t = 0)]
    port: u16,
    /// The app's frame rate, which late frames are judged against.
    #[arg(long, default_value_t = 60.0)]
    fps: f64,
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> std::io::Result<()> {
    let args = Args::parse();
    let nominal = Duration::from_secs_f64(1.0 / args.fps);
    let socket = UdpSocket::bind(("127.0.0.1", args.port)).await?;
    let fd = socket.as_raw_fd();
    enable_stamps(fd)?;
    println!("{}", json!({ "port": socket.local_addr()?.port() }));

    let mut commands = BufReader::new(tokio::io::stdin()).lines();
    let mut recorder = Recorder::default();
    let (mut kernel_stamps, mut fallback_stamps) = (0u64, 0u64);
    let mut buffer = vec![0u8; 65536];
    loop {
        tokio::select! {
            ready = socket.readable() => {
                ready?;
                match socket.try_io(Interest::READABLE, || recv_stamped(fd, &mut buffer)) {
                    Ok((size, stamp)) => {
                        let at = stamp.inspect(|_| kernel_stamps += 1).unwrap_or_else(|| {
                            fallback_stamps += 1;
                            wall_ns()
                        });
                        recorder.packet(&buffer[..size], at);
                    }
                    Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
                    Err(e) => return Err(e),
                }
            }
            line = commands.next_line() => match line?.as_deref().map(str::trim) {
                None => return Ok(()),
                Some("start") => {
                    recorder.restart();
                    (kernel_stamps, fallback_stamps) = (0, 0);
                }
                Some("report") => {
                    let report = json!({
                        "pacing": recorder.report(nominal),
                        "kernel_stamps": kernel_stamps,
                        "fallback_stamps": fallback_stamps,
                    });
                    println!("{report}");
                }
                Some(other) => eprintln!("unknown command {other:?}; expected start or report"),
            },
        }
    }
}
