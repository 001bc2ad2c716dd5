// Start and stop a local Spark Connect server for users who have Spark (SPARK_HOME or PySpark), show
// its log, and keep a "local" connection pointing at it.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { detectSpark } from '../local-spark/detect';
import { LocalServerError, LocalSparkServer, findFreePort } from '../local-spark/local-server';
import { nodeDetectDeps } from '../local-spark/node-deps';
import { buildServerCommand } from '../local-spark/server-command';
import type { OutputLog } from '../log/output-log';
import { emptySecrets, newProfile } from '../profiles/profile';
import type { ProfileRepository } from '../profiles/profile-repository';
import type { Handler } from './command-ids';
import type { SessionManager } from '../engine/session-manager';
import type { ExtensionSettings } from './settings';

export const LOCAL_PROFILE_NAME = 'local';

export class LocalSparkController implements vscode.Disposable {
  private readonly server = new LocalSparkServer();
  private channel: vscode.OutputChannel | undefined;
  private port: number | undefined;

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
    const port = await findFreePort(cfg.port);
    const uiPort = await findFreePort(4040);
    if (port === undefined) {
      void vscode.window.showErrorMessage(vscode.l10n.t('No free port found from {0} on for the local Spark server.', cfg.port));
      return;
    }
    const javaHome = found.java === 'java' ? undefined : path.dirname(path.dirname(found.java));
    const cmd = buildServerCommand(found.install, { port, ...(uiPort !== undefined ? { uiPort } : {}), driverMemory: cfg.driverMemory, conf: cfg.conf }, process.platform, javaHome);
    const out = this.output();
    out.appendLine(`$ ${cmd.command} ${cmd.args.join(' ')}`);
    this.log.info(`Local Spark: starting Spark ${found.install.version ?? '?'} from ${found.install.sparkHome} on port ${port}`);
    try {
      await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Starting local Spark {0} (the first start can take a minute)\u2026', found.install.version ?? ''), cancellable: true },
        (_p, token) => {
          const ctl = new AbortController();
          const sub = token.onCancellationRequested(() => ctl.abort());
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
    await this.saveLocalProfile(port, uiPort);
    vscode.window.setStatusBarMessage(vscode.l10n.t('$(check) Local Spark is running on port {0}', port), 5000);
    await this.connect(LOCAL_PROFILE_NAME);
  }

  async stop(): Promise<void> {
    if (!this.running) {
      void vscode.window.showInformationMessage(vscode.l10n.t('No local Spark server started from this window is running.'));
      return;
    }
    await this.sessions.disconnect(LOCAL_PROFILE_NAME);
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Stopping local Spark\u2026') }, () => this.server.stop());
    this.port = undefined;
    this.log.info('Local Spark: stopped');
  }

  showLog(): void {
    this.output().show(true);
  }

  /** Points the "local" connection at the server, keeping whatever else the user set on it. */
  private async saveLocalProfile(port: number, uiPort: number | undefined): Promise<void> {
    const existing = this.profiles.get(LOCAL_PROFILE_NAME);
    const profile = existing && existing.source !== 'environment' ? existing.profile : newProfile(LOCAL_PROFILE_NAME);
    profile.host = 'localhost';
    profile.port = port;
    profile.tls = false;
    if (uiPort !== undefined) profile.sparkUiUrl = `http://localhost:${uiPort}`;
    else delete profile.sparkUiUrl;
    await this.profiles.save(profile, existing ? 'keep' : emptySecrets(), { scope: existing && existing.source !== 'environment' ? existing.source : 'user' });
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
