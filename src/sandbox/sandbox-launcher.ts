/**
 * The programs that run first inside the sandbox, before the agent's command.
 *
 * 1. A bash prelude that reports on descriptor STARTED_FD that the sandbox is set up (so a
 *    bubblewrap failure is never mistaken for the agent's own exit status), then closes every inherited descriptor above 2: bubblewrap passes the
 *    descriptors it inherited, and an open descriptor of a host file or directory is a way out
 *    of the mount namespace (openat relative to it).
 * 2. When egress is on, the bridge: node listens on 127.0.0.1:PORT in the sandbox's own network
 *    namespace (the only interface is loopback) and relays each connection to the host proxy's
 *    unix socket bound into the sandbox, then runs the agent's command and exits with its status.
 *    The bridge is plumbing, not a control: everything it can reach, the agent can reach too, and
 *    the policy is enforced on the host end.
 */
export const STARTED_FD = 4;
export const CLOSE_INHERITED_FDS = `printf started >&${STARTED_FD} 2>/dev/null; for f in /proc/self/fd/*; do n=\${f##*/}; case $n in 0|1|2) ;; *) eval "exec $n>&-" 2>/dev/null;; esac; done; exec "$@"`;

// Kept as plain CommonJS for `node -e`; half-open sockets so a request's end does not cut the response.
export const BRIDGE_SOURCE = [
  "const net=require('net'),cp=require('child_process'),os=require('os');",
  'const [port,sock,...cmd]=process.argv.slice(1);',
  'const srv=net.createServer({allowHalfOpen:true},(c)=>{',
  '  const u=net.connect({path:sock,allowHalfOpen:true});',
  '  const k=()=>{c.destroy();u.destroy();};',
  "  c.on('error',k);u.on('error',k);c.pipe(u);u.pipe(c);",
  '});',
  "srv.on('error',(e)=>{process.stderr.write('airlock bridge: '+e.message+'\\n');process.exit(125);});",
  "srv.listen(Number(port),'127.0.0.1',()=>{",
  "  const ch=cp.spawn(cmd[0],cmd.slice(1),{stdio:'inherit'});",
  "  ch.on('error',(e)=>{process.stderr.write('airlock: '+e.message+'\\n');process.exit(127);});",
  "  ch.on('exit',(code,sig)=>process.exit(code===null?128+(os.constants.signals[sig]||0):code));",
  '});',
].join('\n');

export const SANDBOX_SHELL = '/bin/bash';

/** The agent's command as bash runs it on the runner: no profile or rc files, errexit and pipefail. */
export function agentArgv(command: string): string[] {
  return [SANDBOX_SHELL, '--noprofile', '--norc', '-eo', 'pipefail', '-c', command];
}

/** Full argv run inside the sandbox: prelude, then the bridge when egress is on, then the agent. */
export function launcherArgv(
  command: string,
  bridge: { nodePath: string; port: number; socketPath: string } | undefined,
): string[] {
  const agent = agentArgv(command);
  const inner = bridge
    ? [bridge.nodePath, '-e', BRIDGE_SOURCE, String(bridge.port), bridge.socketPath, ...agent]
    : agent;
  return [
    SANDBOX_SHELL,
    '--noprofile',
    '--norc',
    '-c',
    CLOSE_INHERITED_FDS,
    'airlock-launcher',
    ...inner,
  ];
}
