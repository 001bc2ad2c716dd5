// Start and stop a local Spark Connect server for users who have Spark (SPARK_HOME or PySpark), show
// its log, and keep a "local" connection pointing at it. The server is private to this user: bound to
// 127.0.0.1 and, where Spark can, requiring a random token made for each start, which the "local"
// connection carries in SecretStorage. Where Spark cannot do that, the user is told before it starts.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { REDACTED, registerSecret } from '../connect/redact';
import { PrivacyGap, privacyGaps, serverCapabilities } from '../local-spark/capabilities';
import { detectSpark } from '../local-spark/detect';
import { LocalServerError, LocalSparkServer, findFreePort, isPortFree } from '../local-spark/local-server';
import { nodeDetectDeps, openJarFile } from '../local-spark/node-deps';
import { buildServerCommand } from '../local-spark/server-command';
import type { OutputLog } from '../log/output-log';
import { emptySecrets, newProfile } from '../profiles/profile';
import type { ProfileRepository } from '../profiles/profile-repository';
import type { Handler } from './command-ids';
import type { SessionManager } from '../engine/session-manager';
import type { ExtensionSettings } from '../views/settings';

export const LOCAL_PROFILE_NAME = 'local';

export class LocalSparkController implements vscode.Disposable {
  private readonly server = new LocalSparkServer();
  private channel: vscode.OutputChannel | undefined;
  private port: number | undefined;
  /** The running server's token (also in the "local" profile's secrets); never in settings or logs. */
  private token: string | undefined;

  constructor(
    private readonly profiles: ProfileRepository,
    private readonly sessions: SessionManager,
    private readonly settings: ExtensionSettings,
    private readonly log: OutputLog,
    private readonly connect: (name: string) => Promise<boolean>,
  ) {
    this.server.onLog((line) => this.output().appendLine(line));
  }

  get running(): boolean {
    return this.server.state === 'running' || this.server.state === 'starting';
  }

  private output(): vscode.OutputChannel {
    this.channel ??= vscode.window.createOutputChannel(vscode.l10n.t('Spark Connect: Local Server'));
    return this.channel;
  }

  async start(): Promise<void> {
    if (this.running) {
      void vscode.window.showInformationMessage(vscode.l10n.t('The local Spark server is already running on port {0}.', this.port ?? '?'));
      return;
    }
    const cfg = this.settings.localSpark;
    const found = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Looking for Spark\u2026') },
      () => detectSpark(nodeDetectDeps(), { ...(cfg.sparkHome ? { sparkHome: cfg.sparkHome } : {}), ...(cfg.pythonPath ? { pythonPath: cfg.pythonPath } : {}) }),
    );
    if (!found.ok) {
      this.log.warn(`Local Spark: ${found.reason}\nTried:\n${found.tried.join('\n')}`);
      const logs = vscode.l10n.t('Show Logs');
      if ((await vscode.window.showErrorMessage(found.reason, logs)) === logs) this.log.show();
      return;
    }
    const caps = await serverCapabilities(found.install, openJarFile);
    const version = found.install.version ?? '?';
    if (!(await this.agreeToGaps(privacyGaps(caps), version))) {
      this.log.info(`Local Spark: not started; Spark ${version} cannot keep it private and the user declined.`);
      return;
    }
    const port = await findFreePort(cfg.port);
    if (port === undefined) {
      void vscode.window.showErrorMessage(vscode.l10n.t('No free port found from {0} on for the local Spark server.', cfg.port));
      return;
    }
    // The UI is on unless the settings turn it off; it starts looking at their spark.ui.port, if any.
    const uiWanted = cfg.conf['spark.ui.enabled']?.trim().toLowerCase() !== 'false';
    const uiStart = Number.parseInt(cfg.conf['spark.ui.port'] ?? '', 10);
    const uiPort = uiWanted ? await findFreePort(Number.isInteger(uiStart) && uiStart > 0 && uiStart !== port ? uiStart : 4040, 50, async (p) => p !== port && await isPortFree(p)) : undefined;
    // A new token for every start: a token of an earlier server is worth nothing to anyone.
    const token = caps.tokenAuth ? randomBytes(32).toString('base64url') : undefined;
    registerSecret(token);
    let cmd: ReturnType<typeof buildServerCommand>;
    try {
      cmd = buildServerCommand(found.install,
        { port, ...(uiPort !== undefined ? { uiPort } : {}), driverMemory: cfg.driverMemory, conf: cfg.conf, ...(process.env.SPARK_CONF_DIR ? { confDir: process.env.SPARK_CONF_DIR } : {}) },
        found.java, process.platform, { bindingAddress: caps.bindingAddress, ...(token !== undefined ? { token } : {}) });
    } catch (err) {
      void vscode.window.showErrorMessage(err instanceof Error ? err.message : String(err));
      return;
    }
    const out = this.output();
    if (cmd.ignoredConf.length > 0) {
      out.appendLine(`Ignored from sparkConnect.localSpark.conf (the extension sets these to keep the server private): ${cmd.ignoredConf.join(', ')}`);
    }
    // The command line holds no secret: the token travels in the environment, shown here by name only.
    out.appendLine(`$ ${Object.keys(cmd.env).map((k) => `${k}=${cmd.secrets.includes(cmd.env[k]) ? REDACTED : cmd.env[k]}`).join(' ')} ${cmd.command} ${cmd.args.join(' ')}`);
    this.log.info(`Local Spark: starting Spark ${version} from ${found.install.sparkHome} on 127.0.0.1:${port}${token ? ' with a token' : ' WITHOUT a token'}`);
    try {
      await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Starting local Spark {0} (the first start can take a minute)\u2026', found.install.version ?? ''), cancellable: true },
        (_p, cancel) => {
          const ctl = new AbortController();
          const sub = cancel.onCancellationRequested(() => ctl.abort());
          return this.server.start(cmd, ctl.signal).finally(() => sub.dispose());
        },
      );
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      if (err instanceof LocalServerError) this.log.error(`Local Spark: ${message}\n${err.logTail.join('\n')}`);
      const show = vscode.l10n.t('Show Server Log');
      if ((await vscode.window.showErrorMessage(message, show)) === show) out.show(true);
      return;
    }
    this.port = port;
    this.token = token;
    try {
      await this.saveLocalProfile(port, uiPort, token);
    } catch (err) {
      // Without its token in the profile nobody can use the server: do not leave it running.
      await this.server.stop();
      this.port = undefined;
      this.token = undefined;
      void vscode.window.showErrorMessage(vscode.l10n.t('The local Spark server was stopped: its connection could not be saved ({0}).', err instanceof Error ? err.message : String(err)));
      return;
    }
    vscode.window.setStatusBarMessage(vscode.l10n.t('$(check) Local Spark is running on port {0}', port), 5000);
    await this.connect(LOCAL_PROFILE_NAME);
  }

  /**
   * Asks before starting a server that cannot be fully private, naming exactly what is missing.
   * True when nothing is missing or the user agreed.
   */
  private async agreeToGaps(gaps: PrivacyGap[], version: string): Promise<boolean> {
    if (gaps.length === 0) return true;
    const lines = gaps.map((gap) => gap === 'binding-address'
      ? vscode.l10n.t('Its Spark Connect port will listen on every network interface, so other machines can reach it (Spark {0} has no spark.connect.grpc.binding.address).', version)
      : vscode.l10n.t('It will accept every client without a token (Spark {0} cannot require one).', version));
    lines.push(vscode.l10n.t('The Spark UI and the driver stay on 127.0.0.1. Spark 4 can start a private server.'));
    const start = vscode.l10n.t('Start Anyway');
    const answer = await vscode.window.showWarningMessage(
      vscode.l10n.t('The local Spark {0} server cannot be private.', version),
      { modal: true, detail: lines.join('\n') },
      start,
    );
    return answer === start;
  }

  async stop(): Promise<void> {
    if (!this.running) {
      void vscode.window.showInformationMessage(vscode.l10n.t('No local Spark server started from this window is running.'));
      return;
    }
    await this.sessions.disconnect(LOCAL_PROFILE_NAME);
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Stopping local Spark\u2026') }, () => this.server.stop());
    await this.forgetToken();
    this.port = undefined;
    this.log.info('Local Spark: stopped');
  }

  showLog(): void {
    this.output().show(true);
  }

  /** The server process's id while it runs (the JVM itself: it is spawned directly). */
  get serverPid(): number | undefined {
    return this.server.pid;
  }

  /** Points the "local" connection at the server with its token, keeping whatever else the user set on it. */
  private async saveLocalProfile(port: number, uiPort: number | undefined, token: string | undefined): Promise<void> {
    const existing = this.profiles.get(LOCAL_PROFILE_NAME);
    const stored = existing && existing.source !== 'environment' ? existing : undefined;
    const profile = stored ? stored.profile : newProfile(LOCAL_PROFILE_NAME);
    const headers = stored ? (await this.profiles.getSecrets(LOCAL_PROFILE_NAME)).headers : emptySecrets().headers;
    profile.host = 'localhost';
    profile.port = port;
    profile.tls = false;
    if (uiPort !== undefined) profile.sparkUiUrl = `http://localhost:${uiPort}`;
    else delete profile.sparkUiUrl;
    // The token replaces any earlier one; the repository keeps it in SecretStorage, never in settings.
    await this.profiles.save(profile, { headers, ...(token !== undefined ? { token } : {}) }, { scope: stored ? stored.source as 'user' | 'workspace' : 'user' });
  }

  /** Removes the stopped server's token from the "local" profile: it opens nothing any more. */
  private async forgetToken(): Promise<void> {
    const token = this.token;
    this.token = undefined;
    if (token === undefined) return;
    const entry = this.profiles.get(LOCAL_PROFILE_NAME);
    if (!entry || entry.source === 'environment') return;
    try {
      const secrets = await this.profiles.getSecrets(LOCAL_PROFILE_NAME);
      if (secrets.token === token) await this.profiles.save(entry.profile, { headers: secrets.headers });
    } catch (err) {
      this.log.warn(`Local Spark: could not remove the stopped server's token from the "local" connection: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  /** Stops the server when the window closes: it belongs to this window. */
  async shutdown(): Promise<void> {
    await this.server.stop();
  }

  dispose(): void {
    void this.server.stop();
    this.channel?.dispose();
  }
}

export function localSparkCommands(controller: LocalSparkController) {
  return {
    'sparkConnect.local.start': (() => controller.start()) as Handler,
    'sparkConnect.local.stop': (() => controller.stop()) as Handler,
    'sparkConnect.local.showLog': (() => controller.showLog()) as Handler,
  };
}
