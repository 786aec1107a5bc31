import { spawn } from 'node:child_process';
import type { Socket } from 'node:net';
import type { Writable } from 'node:stream';
import type { ContainerEngine } from './container-engine.js';
import { removeArguments } from './container-arguments.js';

/**
 * Unlike bubblewrap (`--die-with-parent`), a container does not die with the process that started
 * it: the engine's monitor (conmon, or dockerd's shim) keeps it running when the client is killed.
 * When the Action ends normally or is cancelled it removes the container itself; this covers a
 * SIGKILL of the Action (the runner's last resort when a step ignores cancellation).
 *
 * A shell started beside the Action holds the read end of a pipe (its descriptor 3) whose write end
 * only the Action holds (a "lifeline"). The shell forks the watcher and exits at once, so the watcher is no longer
 * the Action's descendant nor in its process group or session: whether the runner kills the
 * step's process group or walks its process tree, the watcher survives. When the pipe reaches EOF
 * without the word `done` (the Action died), it kills the engine client's process group (which may
 * still be creating the container), then removes the container by name, twice, the second time a
 * moment later in case the engine was still creating it, and last the run's scratch directory (the
 * environment file and identity files bound into the container), which the dead Action cannot.
 */
const WATCHER = [
  'engine=$1; name=$2; scratch=$3; shift 3',
  '(',
  "  trap '' HUP INT TERM",
  '  pid=',
  '  while IFS= read -r line <&3; do',
  '    case $line in',
  '      done) exit 0 ;;',
  '      pid=*) pid=${line#pid=} ;;',
  '    esac',
  '  done',
  '  if [ -n "$pid" ]; then',
  '    case "$(tr "\\0" " " < /proc/$pid/cmdline 2>/dev/null)" in *"$name"*) kill -KILL -- "-$pid" 2>/dev/null ;; esac',
  '  fi',
  '  for delay in 0 2; do sleep $delay; "$engine" "$@" >/dev/null 2>&1; done',
  '  rm -rf -- "$scratch"',
  ') &',
].join('\n');

export interface ContainerWatchdog {
  /** The engine client that starts the container (a process group leader): killed first if the Action dies. */
  client(pid: number): void;
  /** The Action removed the container itself: the watcher exits without acting. */
  disarm(): void;
}

/** `scratch`: the run's own scratch directory (from mkdtemp), removed after the container. */
export function startContainerWatchdog(engine: Pick<ContainerEngine, 'name' | 'path' | 'env'>, name: string, scratch: string): ContainerWatchdog {
  const child = spawn('/bin/sh', ['-c', WATCHER, 'airlock-container-watchdog', engine.path, name, scratch, ...removeArguments(engine.name, name)], {
    detached: true,
    // The lifeline is descriptor 3, not stdin: Node closes a child's stdin as soon as that child exits (the shell does, at once).
    stdio: ['ignore', 'ignore', 'ignore', 'pipe'],
    env: engine.env,
  });
  child.on('error', () => undefined);
  child.unref();
  const lifeline = child.stdio[3] as Writable;
  lifeline.on('error', () => undefined);
  // The pipe must not keep the Action's event loop alive; it only has to stay open while the Action lives.
  (lifeline as unknown as Socket).unref?.();
  let open = true;
  return {
    client: (pid) => {
      if (open) lifeline.write(`pid=${pid}\n`);
    },
    disarm: () => {
      if (!open) return;
      open = false;
      lifeline.end('done\n');
    },
  };
}
