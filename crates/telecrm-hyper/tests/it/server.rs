//! A scripted HTTP/1.1 server on loopback: the k-th request gets the k-th step
//! of the script (the last step repeats), and every request is recorded.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};

/// What the server does with one request.
#[derive(Clone, Debug)]
pub(crate) enum Step {
    /// Answer, and keep the connection.
    Respond {
        status: u16,
        headers: Vec<(&'static str, String)>,
        body: Vec<u8>,
    },
    /// Close the connection without a byte of answer.
    Drop,
    /// Send the head and part of the body, then reset the connection.
    ResetMidBody,
    /// Declare a longer body than is sent, then close.
    Truncate,
    /// Never answer (until the client gives up).
    Stall,
    /// A 200 whose body comes chunked (no length declared), `chunk` bytes a
    /// chunk, each written and flushed on its own so that it arrives as its
    /// own frame.
    Chunked { body: Vec<u8>, chunk: usize },
}

impl Step {
    pub(crate) fn json(status: u16, body: &str) -> Self {
        Self::Respond {
            status,
            headers: vec![("content-type", "application/json".into())],
            body: body.as_bytes().to_vec(),
        }
    }

    pub(crate) fn with_header(self, name: &'static str, value: impl Into<String>) -> Self {
        match self {
            Self::Respond {
                status,
                mut headers,
                body,
            } => {
                headers.push((name, value.into()));
                Self::Respond {
                    status,
                    headers,
                    body,
                }
            }
            other => other,
        }
    }
}

/// One request as received.
#[derive(Clone, Debug)]
pub(crate) struct Captured {
    pub(crate) head: String,
    pub(crate) body: Vec<u8>,
}

pub(crate) struct Server {
    pub(crate) addr: std::net::SocketAddr,
    captured: Arc<Mutex<Vec<Captured>>>,
    task: tokio::task::JoinHandle<()>,
}

pub(crate) type Acceptor = Option<tokio_rustls::TlsAcceptor>;

impl Server {
    pub(crate) async fn start(script: Vec<Step>) -> Self {
        Self::start_with(script, None).await
    }

    pub(crate) async fn start_with(script: Vec<Step>, tls: Acceptor) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let captured = Arc::new(Mutex::new(Vec::new()));
        let log = captured.clone();
        let script = Arc::new(script);
        let task = tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    return;
                };
                let (log, script, tls) = (log.clone(), script.clone(), tls.clone());
                tokio::spawn(async move {
                    match tls {
                        Some(acceptor) => {
                            if let Ok(stream) = acceptor.accept(stream).await {
                                serve(stream, None, &log, &script).await;
                            }
                        }
                        None => {
                            let raw = stream.into_std().ok().and_then(|s| {
                                let clone = s.try_clone().ok()?;
                                Some((TcpStream::from_std(s).ok()?, clone))
                            });
                            if let Some((stream, raw)) = raw {
                                serve(stream, Some(raw), &log, &script).await;
                            }
                        }
                    }
                });
            }
        });
        Self {
            addr,
            captured,
            task,
        }
    }

    pub(crate) fn base_url(&self) -> String {
        format!("http://{}/autoupdate/v2", self.addr)
    }

    pub(crate) fn requests(&self) -> Vec<Captured> {
        self.captured.lock().unwrap().clone()
    }

    pub(crate) fn count(&self) -> usize {
        self.captured.lock().unwrap().len()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn serve<S: AsyncRead + AsyncWrite + Unpin>(
    stream: S,
    raw: Option<std::net::TcpStream>,
    log: &Mutex<Vec<Captured>>,
    script: &[Step],
) {
    let mut reader = BufReader::new(stream);
    loop {
        let mut head = String::new();
        loop {
            let mut line = String::new();
            match reader.read_line(&mut line).await {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
            if line == "\r\n" {
                break;
            }
            head.push_str(&line);
        }
        let length = head
            .lines()
            .find_map(|l| {
                let (name, value) = l.split_once(':')?;
                name.eq_ignore_ascii_case("content-length")
                    .then(|| value.trim().parse::<usize>().ok())?
            })
            .unwrap_or(0);
        let mut body = vec![0; length];
        if reader.read_exact(&mut body).await.is_err() {
            return;
        }
        let index = {
            let mut log = log.lock().unwrap();
            log.push(Captured { head, body });
            log.len() - 1
        };
        let step = script[index.min(script.len() - 1)].clone();
        let stream = reader.get_mut();
        match step {
            Step::Respond {
                status,
                headers,
                body,
            } => {
                let mut out = format!(
                    "HTTP/1.1 {status} Scripted\r\ncontent-length: {}\r\n",
                    body.len()
                );
                for (name, value) in headers {
                    out.push_str(&format!("{name}: {value}\r\n"));
                }
                out.push_str("\r\n");
                let mut bytes = out.into_bytes();
                bytes.extend_from_slice(&body);
                if stream.write_all(&bytes).await.is_err() {
                    return;
                }
            }
            Step::Chunked { body, chunk } => {
                let head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n";
                if stream.write_all(head.as_bytes()).await.is_err() {
                    return;
                }
                for piece in body.chunks(chunk) {
                    let mut out = format!("{:x}\r\n", piece.len()).into_bytes();
                    out.extend_from_slice(piece);
                    out.extend_from_slice(b"\r\n");
                    if stream.write_all(&out).await.is_err() || stream.flush().await.is_err() {
                        return;
                    }
                    tokio::time::sleep(Duration::from_millis(2)).await;
                }
                if stream.write_all(b"0\r\n\r\n").await.is_err() {
                    return;
                }
            }
            Step::Drop => return,
            Step::ResetMidBody => {
                let _ = stream
                    .write_all(b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{\"type\":\"PAY")
                    .await;
                let _ = stream.flush().await;
                tokio::time::sleep(Duration::from_millis(20)).await;
                if let Some(raw) = &raw {
                    // SO_LINGER 0: closing sends RST instead of FIN.
                    let _ = socket_reset(raw);
                }
                return;
            }
            Step::Truncate => {
                let _ = stream
                    .write_all(b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{\"type\":\"PAY")
                    .await;
                let _ = stream.shutdown().await;
                return;
            }
            Step::Stall => {
                tokio::time::sleep(Duration::from_secs(3600)).await;
                return;
            }
        }
    }
}

fn socket_reset(raw: &std::net::TcpStream) -> std::io::Result<()> {
    let stream = TcpStream::from_std(raw.try_clone()?)?;
    #[allow(deprecated)]
    stream.set_linger(Some(Duration::ZERO))?;
    // The RST goes out when the last descriptor of the socket closes, as `serve` returns.
    drop(stream.into_std()?);
    Ok(())
}
