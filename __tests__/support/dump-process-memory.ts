/**
 * A perl script that dumps every process's environment and readable memory it can see (in the
 * sandbox: its PID namespace) into a directory, as a hostile agent would search them for a real
 * credential. Shared by the placeholder and cloud-credential step tests.
 */
export const DUMP_MEMORY = String.raw`
use strict; use warnings; no warnings 'portable';
my $out = shift; mkdir $out;
for my $dir (glob '/proc/[0-9]*') {
  my ($pid) = $dir =~ /(\d+)$/;
  if (open my $e, '<:raw', "$dir/environ") { local $/; my $env = <$e> // ''; open my $o, '>:raw', "$out/$pid.environ" or die; print $o $env; }
  open my $maps, '<', "$dir/maps" or next;
  open my $mem, '<:raw', "$dir/mem" or next;
  open my $o, '>:raw', "$out/$pid.mem" or die;
  while (my $line = <$maps>) {
    my ($from, $to, $perm) = $line =~ /^([0-9a-f]+)-([0-9a-f]+) (\S+)/ or next;
    next unless substr($perm, 0, 1) eq 'r';
    my $len = hex($to) - hex($from);
    next if $len > 64 * 1024 * 1024;
    sysseek($mem, hex($from), 0) or next;
    my $buf = ''; my $n = sysread($mem, $buf, $len);
    print $o $buf if $n;
  }
}
print "dumped\n";
`;
