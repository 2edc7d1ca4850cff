//! MQTT test helpers: a mosquitto of the test's own on a free loopback port,
//! a listening client, a server process to kill, and certificates for TLS.

use std::fs::File;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use rumqttc::{AsyncClient, Event, Incoming, MqttOptions, QoS};
use serde_json::Value;
use tokio::sync::mpsc;
use tokio::task::JoinHandle;
use tokio::time::Instant;

use super::{PATIENCE, StateDir};

/// How long a test waits for something that needs the broker or a reconnection.
pub const SLOW: Duration = Duration::from_secs(20);

/// A mosquitto of the test's own, stopped (by its PID) when dropped.
pub struct Mosquitto {
    pub dir: tempfile::TempDir,
    pub port: u16,
    child: Option<Child>,
}

impl Mosquitto {
    pub fn start() -> Self {
        Self::start_with(None)
    }

    /// A broker that lets in only `user` with `password`.
    pub fn start_with(credentials: Option<(&str, &str)>) -> Self {
        Self::start_configured(|dir, port| {
            let mut config = format!("listener {port} 127.0.0.1\n");
            match credentials {
                None => config.push_str("allow_anonymous true\n"),
                Some((user, password)) => {
                    let file = dir.join("passwords");
                    run(Command::new("mosquitto_passwd")
                        .arg("-c")
                        .arg("-b")
                        .arg(&file)
                        .args([user, password]));
                    config.push_str(&format!("allow_anonymous false\npassword_file {}\n", file.display()));
                }
            }
            config
        })
    }

    /// A broker whose config `listeners` writes, given its directory and the port to listen on.
    pub fn start_configured(listeners: impl FnOnce(&Path, u16) -> String) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let port = free_port();
        let mut config = String::from("persistence false\n");
        if rustix::process::geteuid().is_root() {
            // Stay root rather than drop to a user who cannot read the temporary files.
            config.push_str("user root\n");
        }
        config.push_str(&listeners(dir.path(), port));
        std::fs::write(dir.path().join("mosquitto.conf"), config).unwrap();
        let mut broker = Self { dir, port, child: None };
        broker.launch();
        broker
    }

    pub fn binary() -> PathBuf {
        ["/usr/sbin/mosquitto", "/usr/local/sbin/mosquitto", "/usr/bin/mosquitto"]
            .into_iter()
            .map(PathBuf::from)
            .find(|path| path.exists())
            .expect("mosquitto is installed (scripts/install-test-deps.sh)")
    }

    /// Starts mosquitto on this broker's port and waits until it accepts connections.
    pub fn launch(&mut self) {
        let log = File::create(self.dir.path().join("mosquitto.log")).unwrap();
        let child = Command::new(Self::binary())
            .arg("-c")
            .arg(self.dir.path().join("mosquitto.conf"))
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .unwrap();
        self.child = Some(child);
        let deadline = std::time::Instant::now() + PATIENCE;
        while std::net::TcpStream::connect(("127.0.0.1", self.port)).is_err() {
            assert!(std::time::Instant::now() < deadline, "mosquitto did not start");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Kills it, losing every retained message (there is no persistence).
    pub fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    pub fn url(&self) -> String {
        format!("mqtt://127.0.0.1:{}", self.port)
    }
}

/// A server process of the test's own, killed (by its PID) if the test ends early.
pub struct Board(Child);

impl Board {
    pub fn spawn(dir: &StateDir, args: &[&str], env: &[(&str, &Path)]) -> Self {
        let mut command = Command::new(env!("CARGO_BIN_EXE_retroboard"));
        command
            .args(["--host", "127.0.0.1", "--port", "0", "--state-file"])
            .arg(dir.state_file())
            .args(args)
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        for (name, value) in env {
            command.env(name, value);
        }
        Self(command.spawn().unwrap())
    }

    /// SIGKILL: no goodbye.
    pub fn kill(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

impl Drop for Board {
    fn drop(&mut self) {
        self.kill();
    }
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// Runs a helper program (mosquitto_passwd, openssl), which must succeed.
pub fn run(command: &mut Command) {
    let status = command
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .unwrap_or_else(|error| panic!("{command:?} runs: {error}"));
    assert!(status.success(), "{command:?} failed");
}

impl Drop for Mosquitto {
    fn drop(&mut self) {
        self.kill();
    }
}

/// A client subscribed to one filter (again after every reconnection) that
/// queues what arrives, as (topic, payload, retained).
pub struct Listener {
    client: AsyncClient,
    messages: mpsc::UnboundedReceiver<(String, Vec<u8>, bool)>,
    /// Received but not yet expected.
    backlog: Vec<(String, Vec<u8>, bool)>,
    polling: JoinHandle<()>,
}

impl Listener {
    pub async fn new(broker: &Mosquitto, filter: &str) -> Self {
        Self::with_credentials(broker, filter, None).await
    }

    pub async fn with_credentials(broker: &Mosquitto, filter: &str, credentials: Option<(&str, &str)>) -> Self {
        let id = format!("test-{:08x}", rand::random::<u32>());
        let mut options = MqttOptions::new(id, "127.0.0.1", broker.port);
        options.set_max_packet_size(1 << 20, 1 << 20);
        if let Some((user, password)) = credentials {
            options.set_credentials(user, password);
        }
        let (client, mut events) = AsyncClient::new(options, 64);
        let (sender, messages) = mpsc::unbounded_channel();
        let (subscriber, filter) = (client.clone(), filter.to_owned());
        let polling = tokio::spawn(async move {
            loop {
                match events.poll().await {
                    Ok(Event::Incoming(Incoming::ConnAck(_))) => {
                        subscriber.try_subscribe(&filter, QoS::AtLeastOnce).unwrap();
                    }
                    Ok(Event::Incoming(Incoming::Publish(publish))) => {
                        let _ = sender.send((publish.topic, publish.payload.to_vec(), publish.retain));
                    }
                    Ok(_) => {}
                    Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
                }
            }
        });
        Self {
            client,
            messages,
            backlog: Vec::new(),
            polling,
        }
    }

    pub async fn publish(&self, topic: &str, payload: impl Into<Vec<u8>>) {
        self.client
            .publish(topic, QoS::AtLeastOnce, false, payload.into())
            .await
            .unwrap();
    }

    /// The first message on `topic` whose payload satisfies `wanted`, dropping
    /// the older ones on that topic; messages on other topics are kept for
    /// later, since topics are not ordered among themselves.
    pub async fn expect(&mut self, topic: &str, wanted: impl Fn(&[u8]) -> bool) -> (Vec<u8>, bool) {
        let deadline = Instant::now() + SLOW;
        let mut at = 0;
        loop {
            if at == self.backlog.len() {
                let next = tokio::time::timeout_at(deadline, self.messages.recv()).await;
                let message = next
                    .unwrap_or_else(|_| panic!("no wanted message on {topic} in time"))
                    .expect("listener running");
                self.backlog.push(message);
            }
            let (got, payload, _) = &self.backlog[at];
            if got == topic && wanted(payload) {
                let (_, payload, retained) = self.backlog.remove(at);
                let mut index = 0;
                self.backlog.retain(|(other, _, _)| {
                    index += 1;
                    index > at || other != topic
                });
                return (payload, retained);
            }
            at += 1;
        }
    }

    pub async fn expect_text(&mut self, topic: &str, text: &str) -> bool {
        self.expect(topic, |payload| payload == text.as_bytes()).await.1
    }

    /// The next JSON message on any topic: ((topic, payload), retained).
    pub async fn expect_json_any(&mut self) -> ((String, Value), bool) {
        let (topic, payload, retained) = tokio::time::timeout(SLOW, self.messages.recv())
            .await
            .expect("a message in time")
            .expect("listener running");
        ((topic, serde_json::from_slice(&payload).expect("JSON")), retained)
    }

    /// The first JSON message on `topic` for which `wanted` holds.
    pub async fn expect_json(&mut self, topic: &str, wanted: impl Fn(&Value) -> bool) -> (Value, bool) {
        let (payload, retained) = self
            .expect(topic, |payload| {
                serde_json::from_slice(payload).is_ok_and(|value: Value| wanted(&value))
            })
            .await;
        (serde_json::from_slice(&payload).unwrap(), retained)
    }
}

impl Drop for Listener {
    fn drop(&mut self) {
        self.polling.abort();
    }
}

/// A CA and a certificate for 127.0.0.1 signed by it, made with openssl in `dir`.
pub fn make_certificates(dir: &Path) {
    let openssl = |args: &str| run(Command::new("openssl").args(args.split(' ')).current_dir(dir));
    let ec = "-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes";
    openssl(&format!(
        "req -x509 {ec} -keyout ca.key -out ca.pem -days 2 -subj /CN=test-ca \
         -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign"
    ));
    openssl(&format!(
        "req {ec} -keyout server.key -out server.csr -subj /CN=127.0.0.1"
    ));
    std::fs::write(
        dir.join("server.ext"),
        "subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n",
    )
    .unwrap();
    openssl(
        "x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out server.pem -days 2 \
         -extfile server.ext",
    );
}
