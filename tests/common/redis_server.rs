//! Redis test helpers: a redis-server of the test's own on a free loopback port, and a proxy
//! in front of it that can stop passing bytes on while keeping its connections open, which
//! is what a connection to a vanished host looks like to the client (half-open).

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tokio::task::JoinHandle;

use super::PATIENCE;
use super::mqtt::free_port;

/// A redis-server without persistence, stopped (by its PID) when dropped.
pub struct Redis {
    pub port: u16,
    child: Child,
    _dir: tempfile::TempDir,
}

impl Redis {
    pub fn start() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let port = free_port();
        let child = Command::new(Self::binary())
            .args([
                "--port",
                &port.to_string(),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ])
            .arg("--dir")
            .arg(dir.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let redis = Self { port, child, _dir: dir };
        let deadline = std::time::Instant::now() + PATIENCE;
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(std::time::Instant::now() < deadline, "redis-server did not start");
            std::thread::sleep(Duration::from_millis(20));
        }
        redis
    }

    fn binary() -> PathBuf {
        ["/usr/bin/redis-server", "/usr/local/bin/redis-server"]
            .into_iter()
            .map(PathBuf::from)
            .find(|path| path.exists())
            .expect("redis-server is installed (scripts/install-redis.sh)")
    }

    pub fn url(&self) -> String {
        format!("redis://127.0.0.1:{}/", self.port)
    }

    /// A plain connection for the test's own commands.
    pub async fn connection(&self) -> redis::aio::MultiplexedConnection {
        redis::Client::open(self.url())
            .unwrap()
            .get_multiplexed_async_connection()
            .await
            .unwrap()
    }
}

impl Drop for Redis {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Passes connections on to a port, until [`Stall::stall`] makes every connection open at
/// that moment go silent both ways while staying open; later connections pass as before.
pub struct Stall {
    pub port: u16,
    stalled: watch::Sender<u64>,
    accepting: JoinHandle<()>,
    passing: Arc<std::sync::Mutex<Vec<JoinHandle<()>>>>,
}

impl Stall {
    pub async fn start(upstream: u16) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let stalled = watch::Sender::new(0u64);
        let generations = stalled.clone();
        let passing = Arc::new(std::sync::Mutex::new(Vec::new()));
        let connections = passing.clone();
        let accepting = tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                let Ok(server) = TcpStream::connect(("127.0.0.1", upstream)).await else {
                    continue;
                };
                let generation = *generations.borrow();
                let task = tokio::spawn(pass(client, server, generation, generations.subscribe()));
                connections.lock().unwrap().push(task);
            }
        });
        Self {
            port,
            stalled,
            accepting,
            passing,
        }
    }

    pub fn url(&self) -> String {
        format!("redis://127.0.0.1:{}/", self.port)
    }

    /// Every connection open now stops passing bytes, but is not closed.
    pub fn stall(&self) {
        self.stalled.send_modify(|generation| *generation += 1);
    }
}

impl Drop for Stall {
    fn drop(&mut self) {
        self.accepting.abort();
        for task in self.passing.lock().unwrap().drain(..) {
            task.abort();
        }
    }
}

/// Copies both ways until `generation` is stalled, then holds both ends open and silent.
async fn pass(client: TcpStream, server: TcpStream, generation: u64, mut stalled: watch::Receiver<u64>) {
    let (mut client_in, mut client_out) = client.into_split();
    let (mut server_in, mut server_out) = server.into_split();
    let (mut up, mut down) = ([0u8; 4096], [0u8; 4096]);
    let stall = async move {
        let _ = stalled.wait_for(|now| *now != generation).await.is_ok();
    };
    tokio::pin!(stall);
    loop {
        tokio::select! {
            () = &mut stall => break,
            read = client_in.read(&mut up) => match read {
                Ok(0) | Err(_) => return,
                Ok(length) => if server_out.write_all(&up[..length]).await.is_err() { return },
            },
            read = server_in.read(&mut down) => match read {
                Ok(0) | Err(_) => return,
                Ok(length) => if client_out.write_all(&down[..length]).await.is_err() { return },
            },
        }
    }
    // Half-open: nothing passes, nothing is closed until the proxy goes.
    let _open = (client_in, client_out, server_in, server_out);
    std::future::pending::<()>().await;
}
