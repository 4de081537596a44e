// The kites command: one binary, many roles (like k3s).
import { Command } from 'commander';
import { serverCommand } from './server.ts';
import { KITES_VERSION, KUBERNETES_MAJOR, KUBERNETES_MINOR } from '../apiserver/version.ts';

const program = new Command('kites')
  .description('A Kubernetes-compatible container orchestrator: the real kubectl works against it.')
  .version(`kites ${KITES_VERSION} (Kubernetes API v${KUBERNETES_MAJOR}.${KUBERNETES_MINOR})`, '-v, --version')
  .showHelpAfterError('(run `kites --help` for the commands and their flags)');

program.addCommand(serverCommand());
program.addCommand((await import('./agent.ts')).agentCommand());
program.addCommand((await import('./image.ts')).imageCommand());
const cluster = await import('./up.ts');
program.addCommand(cluster.upCommand());
program.addCommand(cluster.downCommand());
program.addCommand(cluster.statusCommand());
program.addCommand((await import('./token.ts')).tokenCommand());

await program.parseAsync(process.argv);
