// TLS for integration tests: a throwaway PKI (test CA, localhost server cert, client cert, and an
// unrelated CA for the wrong-CA case) and Debian's nginx as a TLS-terminating gRPC proxy in front of a
// plaintext Spark Connect server, with optional client-certificate (mTLS) checking.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import forge from 'node-forge';

export interface KeyPairFiles {
  certPath: string;
  keyPath: string;
  certPem: string;
  keyPem: string;
}

export interface TestPki {
  dir: string;
  /** The CA that signed `server` and `client`. */
  ca: KeyPairFiles;
  /** localhost, 127.0.0.1 and ::1. */
  server: KeyPairFiles;
  /** A client certificate for mTLS (CN=spark-connect-test-client). */
  client: KeyPairFiles;
  /** A CA that signed nothing here: trusting only it must fail. */
  otherCa: KeyPairFiles;
  /**
   * A server certificate from the test CA for ALIAS_SERVER_NAME only (no localhost, no IP): a client
   * dialing 127.0.0.1 must verify it against that name through a server-name override.
   */
  aliasServer: KeyPairFiles;
  /** Deletes the directory. */
  dispose(): void;
}

interface Issued { cert: forge.pki.Certificate; key: forge.pki.rsa.PrivateKey; pems: { cert: string; key: string } }

// RSA keys come from Node's native generator (milliseconds) rather than forge's pure-JS one (seconds).
function rsaKey(): { privateKey: forge.pki.rsa.PrivateKey; publicKey: forge.pki.rsa.PublicKey; pem: string } {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const forgeKey = forge.pki.privateKeyFromPem(pem) as forge.pki.rsa.PrivateKey;
  return { privateKey: forgeKey, publicKey: forge.pki.setRsaPublicKey(forgeKey.n, forgeKey.e), pem };
}

/** The only name on TestPki.aliasServer's certificate; it resolves nowhere. */
export const ALIAS_SERVER_NAME = 'spark-connect.test.invalid';

function issue(
  subjectCn: string,
  kind: 'ca' | 'server' | 'client',
  issuer?: Issued,
  dnsNames: string[] = ['localhost'],
  ips: string[] = ['127.0.0.1', '::1'],
): Issued {
  const key = rsaKey();
  const cert = forge.pki.createCertificate();
  cert.publicKey = key.publicKey;
  // Positive serial: a leading 0x00..0x7f byte keeps the DER integer from reading as negative.
  cert.serialNumber = '01' + randomBytes(15).toString('hex');
  const now = Date.now();
  cert.validity.notBefore = new Date(now - 24 * 3600_000); // tolerate clock skew
  cert.validity.notAfter = new Date(now + 30 * 24 * 3600_000);
  const subject = [{ name: 'commonName', value: subjectCn }, { name: 'organizationName', value: 'spark-connect-vscode tests' }];
  cert.setSubject(subject);
  cert.setIssuer(issuer ? issuer.cert.subject.attributes : subject);
  const extensions: object[] = [{ name: 'subjectKeyIdentifier' }];
  if (issuer) extensions.push({ name: 'authorityKeyIdentifier', keyIdentifier: issuer.cert.generateSubjectKeyIdentifier().getBytes() });
  if (kind === 'ca') {
    extensions.push({ name: 'basicConstraints', cA: true, critical: true });
    extensions.push({ name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true });
  } else {
    extensions.push({ name: 'basicConstraints', cA: false });
    extensions.push({ name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true });
    extensions.push({ name: 'extKeyUsage', serverAuth: kind === 'server', clientAuth: kind === 'client' });
  }
  if (kind === 'server') {
    // type 2 = DNS name, 7 = IP address (RFC 5280 GeneralName tags).
    extensions.push({ name: 'subjectAltName', altNames: [
      ...dnsNames.map((value) => ({ type: 2, value })), ...ips.map((ip) => ({ type: 7, ip })),
    ] });
  }
  cert.setExtensions(extensions);
  cert.sign(issuer ? issuer.key : key.privateKey, forge.md.sha256.create());
  return { cert, key: key.privateKey, pems: { cert: forge.pki.certificateToPem(cert), key: key.pem } };
}

function save(dir: string, name: string, issued: Issued): KeyPairFiles {
  const certPath = join(dir, `${name}.pem`);
  const keyPath = join(dir, `${name}-key.pem`);
  writeFileSync(certPath, issued.pems.cert);
  writeFileSync(keyPath, issued.pems.key, { mode: 0o600 });
  return { certPath, keyPath, certPem: issued.pems.cert, keyPem: issued.pems.key };
}

/** Creates the test PKI in a fresh temporary directory. */
export function createTestPki(): TestPki {
  const dir = mkdtempSync(join(tmpdir(), 'spark-tls-'));
  const ca = issue('spark-connect-test-ca', 'ca');
  const other = issue('unrelated-test-ca', 'ca');
  return {
    dir,
    ca: save(dir, 'ca', ca),
    server: save(dir, 'server', issue('localhost', 'server', ca)),
    client: save(dir, 'client', issue('spark-connect-test-client', 'client', ca)),
    otherCa: save(dir, 'other-ca', other),
    aliasServer: save(dir, 'alias-server', issue(ALIAS_SERVER_NAME, 'server', ca, [ALIAS_SERVER_NAME], [])),
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export interface NginxOptions {
  upstreamPort: number;
  upstreamHost?: string;
  pki: TestPki;
  /** Reject clients that present no certificate signed by the test CA. */
  requireClientCert?: boolean;
  /** The certificate nginx presents (default pki.server, valid for localhost and loopback IPs). */
  serverCert?: KeyPairFiles;
  nginxPath?: string;
}

export interface NginxProxy {
  port: number;
  /** sc://localhost:<port>/;use_ssl=true (localhost: the name the server certificate is for). */
  remote: string;
  /** nginx's error log so far, for failure messages. */
  errorLog(): string;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.once('connect', () => { s.destroy(); resolve(true); });
    s.once('error', () => resolve(false));
  });
}

// `http2 on;` only exists from nginx 1.25.1; older ones (Debian 12 ships 1.22) take `listen ... http2`.
function nginxVersion(nginx: string): [number, number, number] {
  const out = spawnSync(nginx, ['-v'], { encoding: 'utf8' });
  const m = /nginx\/(\d+)\.(\d+)\.(\d+)/.exec(`${out.stderr}${out.stdout}`);
  if (!m) throw new Error(`cannot run ${nginx} -v: ${out.error?.message ?? out.stderr}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

function config(o: Required<Omit<NginxOptions, 'pki' | 'nginxPath'>> & { pki: TestPki; port: number; prefix: string; newHttp2: boolean }): string {
  const listen = o.newHttp2 ? `listen 127.0.0.1:${o.port} ssl;\n    http2 on;` : `listen 127.0.0.1:${o.port} ssl http2;`;
  const mtls = o.requireClientCert
    ? `ssl_client_certificate ${o.pki.ca.certPath};\n    ssl_verify_client on;`
    : '';
  return `
# One process, no daemon: the test owns its lifetime through the child process, and nothing switches
# to another user who could not read the temporary certificates.
daemon off;
master_process off;
pid ${o.prefix}/nginx.pid;
error_log ${o.prefix}/error.log info;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path ${o.prefix}/client_body;
  proxy_temp_path ${o.prefix}/proxy;
  fastcgi_temp_path ${o.prefix}/fastcgi;
  uwsgi_temp_path ${o.prefix}/uwsgi;
  scgi_temp_path ${o.prefix}/scgi;
  server {
    ${listen}
    ssl_certificate ${o.serverCert.certPath};
    ssl_certificate_key ${o.serverCert.keyPath};
    ssl_protocols TLSv1.2 TLSv1.3;
    ${mtls}
    # Plans and artifact uploads can be large; results stream for as long as a query runs.
    client_max_body_size 0;
    client_body_timeout 3600s;
    location / {
      grpc_pass grpc://${o.upstreamHost}:${o.upstreamPort};
      grpc_read_timeout 3600s;
      grpc_send_timeout 3600s;
      # Spark puts error details (stack traces, query context) in trailers; 4k would turn them into 502s.
      grpc_buffer_size 256k;
    }
  }
}
`;
}

/** Starts nginx terminating TLS (and optionally checking client certificates) in front of a gRPC upstream. */
export async function startNginxGrpcTls(options: NginxOptions): Promise<NginxProxy> {
  const nginx = options.nginxPath ?? (existsSync('/usr/sbin/nginx') ? '/usr/sbin/nginx' : 'nginx');
  const [maj, min, patch] = nginxVersion(nginx);
  const newHttp2 = maj > 1 || (maj === 1 && (min > 25 || (min === 25 && patch >= 1)));
  const prefix = mkdtempSync(join(tmpdir(), 'nginx-grpc-'));
  for (const d of ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) mkdirSync(join(prefix, d));
  const errorLogPath = join(prefix, 'error.log');
  const errorLog = (): string => (existsSync(errorLogPath) ? readFileSync(errorLogPath, 'utf8') : '');

  // The free port may be taken by someone else between probe and bind: try a few.
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await freePort();
    const confPath = join(prefix, 'nginx.conf');
    writeFileSync(confPath, config({
      upstreamPort: options.upstreamPort,
      upstreamHost: options.upstreamHost ?? '127.0.0.1',
      requireClientCert: options.requireClientCert ?? false,
      serverCert: options.serverCert ?? options.pki.server,
      pki: options.pki, port, prefix, newHttp2,
    }));
    // -e: nginx opens its compiled-in error log before reading the config; point it at ours.
    const child = spawn(nginx, ['-p', prefix, '-c', confPath, '-e', errorLogPath], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr!.setEncoding('utf8').on('data', (d: string) => { stderr += d; });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    let alive = true;
    void exited.then(() => { alive = false; });
    const deadline = Date.now() + 10_000;
    while (alive && Date.now() < deadline && !(await listening(port))) await new Promise((r) => setTimeout(r, 50));
    if (alive && (await listening(port))) {
      return { port, remote: `sc://localhost:${port}/;use_ssl=true`, errorLog, stop: () => stopNginx(child, exited, prefix) };
    }
    if (alive) {
      await stopNginx(child, exited, prefix);
      throw new Error(`nginx did not listen on ${port} within 10 s:\n${stderr}\n${errorLog()}`);
    }
    if (!/Address already in use/.test(stderr + errorLog())) {
      rmSync(prefix, { recursive: true, force: true });
      throw new Error(`nginx exited at start:\n${stderr}\n${errorLog()}`);
    }
  }
  rmSync(prefix, { recursive: true, force: true });
  throw new Error('nginx found no free port in 5 attempts');
}

async function stopNginx(child: ChildProcess, exited: Promise<number | null>, prefix: string): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    child.kill('SIGTERM'); // nginx's fast shutdown
    const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
    await exited;
    clearTimeout(timer);
  }
  rmSync(prefix, { recursive: true, force: true });
}
