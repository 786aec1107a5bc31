/**
 * The in-sandbox end of the egress path: a process that listens on 127.0.0.1:PORT in the
 * sandbox's own network namespace (loopback is its only interface), relays each connection to
 * the host proxy's unix socket bound into the sandbox, and runs the agent's command once it
 * listens, with the command's exit status as the run's. It is plumbing, not a control: whatever it can reach the
 * agent can reach too, and the policy is enforced by the proxy on the host.
 *
 * Two implementations of the same program. Perl is preferred when the host has it in /usr
 * (perl-base is an Essential package on Debian and Ubuntu) because it starts several times
 * faster than node, and start-up is on every run's critical path; node (the Action's own
 * binary) is the fallback everywhere else. Both relay half-closes so a request's end does not
 * cut off its response.
 */
export type BridgeKind = 'perl' | 'node';

const NODE_SOURCE = [
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

// Listens, forks the relay loop into a child, and execs the agent in its own process: the agent
// keeps the launcher's PID, so bubblewrap's init sees its exit status directly and the PID
// namespace (relay loop included) dies with it. No signal handling, so no exit can be missed.
// The relay loop forks a process per connection that copies with select(2).
const PERL_SOURCE = [
  'use strict; use warnings; use IO::Socket::INET; use IO::Socket::UNIX; use IO::Select; use POSIX ();',
  'my ($port, $path, @cmd) = @ARGV;',
  "my $l = IO::Socket::INET->new(LocalAddr => '127.0.0.1', LocalPort => $port, Listen => 128, ReuseAddr => 1, Proto => 'tcp') or do { print STDERR \"airlock bridge: $!\\n\"; exit 125 };",
  'my $loop = fork();',
  'if (!defined $loop) { print STDERR "airlock bridge: fork: $!\\n"; exit 125 }',
  'if ($loop == 0) {',
  "  $SIG{CHLD} = 'IGNORE';",
  '  while (1) {',
  '    my $c = $l->accept or do { select(undef, undef, undef, 0.05); next };',
  '    my $pid = fork();',
  '    if (defined $pid && $pid == 0) { close $l; relay($c); POSIX::_exit(0) }',
  '    close $c;',
  '  }',
  '}',
  'close $l;',
  'exec { $cmd[0] } @cmd or do { print STDERR "airlock: $cmd[0]: $!\\n"; exit 127 };',
  'sub relay {',
  '  my ($c) = @_;',
  '  my $u = IO::Socket::UNIX->new(Peer => $path, Type => SOCK_STREAM()) or return;',
  '  my %to = (fileno($c) => $u, fileno($u) => $c);',
  '  my $sel = IO::Select->new($c, $u);',
  '  while ($sel->count) {',
  '    for my $s ($sel->can_read) {',
  '      my $n = sysread($s, my $buf, 65536);',
  '      if (!$n) { $sel->remove($s); shutdown($to{fileno $s}, 1); next }',
  '      my $off = 0;',
  '      while ($off < $n) { my $w = syswrite($to{fileno $s}, $buf, $n - $off, $off); return unless defined $w; $off += $w }',
  '    }',
  '  }',
  '}',
].join('\n');

/** The argv prefix that runs the bridge in front of the agent's own argv. */
export function bridgeArgv(
  kind: BridgeKind,
  interpreter: string,
  port: number,
  socketPath: string,
): string[] {
  return [interpreter, '-e', kind === 'perl' ? PERL_SOURCE : NODE_SOURCE, String(port), socketPath];
}
