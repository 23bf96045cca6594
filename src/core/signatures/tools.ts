// Command-line front ends that wrap another runtime's error text: git (over libcurl or ssh), npm,
// yarn, pnpm, pip, docker and kubectl (Go clients), ssh, wget. A wrapper names the runtime; the
// class comes from the wrapped text. Texts produced on this machine by git 2.39, npm 11,
// docker 28 and kubectl 1.32 against loopback servers, and from each tool's sources.
import { CODE_CLASS, sig } from './define';

const w = { deferClass: true, wrapper: true, rank: 3 } as const;

export const toolSignatures = [
  sig('git.unable-to-access', 'git', 'reset', ['unable to access'], /\bfatal: unable to access '[^'\s]+': /, { ...w, extracts: ['endpoint'] }),
  sig('git.rpc-failed', 'git', 'reset', ['rpc failed'], /\berror: RPC failed; (?:curl|HTTP) \d{1,3}/, { ...w }),
  sig('git.hung-up', 'git', 'eof_closed', ['remote end hung up'], /\bthe remote end hung up unexpectedly\b/, { rank: 3 }),
  sig('git.early-eof', 'git', 'eof_closed', ['early eof'], /\bfatal: early EOF\b/, { rank: 3, hints: ['reading_body'] }),
  sig('npm.code', 'npm', 'reset', ['npm err!', 'npm error'], /\bnpm (?:ERR!|error) (?:code|errno) (E[A-Z_]+|UNABLE_TO_[A-Z_]+|CERT_[A-Z_]+|SELF_SIGNED_CERT_IN_CHAIN|DEPTH_ZERO_SELF_SIGNED_CERT)\b/,
    { rank: 3, classByGroup: CODE_CLASS, errno: 'group' }),
  sig('npm.network', 'npm', 'reset', ['npm err!', 'npm error'], /\bnpm (?:ERR!|error) network request to [^\s]+ failed, reason: /, { ...w, extracts: ['endpoint'] }),
  sig('yarn.unexpected', 'yarn', 'reset', ['an unexpected error occurred'], /\berror An unexpected error occurred: "/, { ...w, extracts: ['endpoint'] }),
  sig('pnpm.fetch-fail', 'pnpm', 'reset', ['err_pnpm_meta_fetch_fail', 'err_pnpm_fetch_'], /\bERR_PNPM_(?:META_FETCH_FAIL|FETCH_\d{3})\b/, { ...w }),
  sig('pip.retrying', 'pip', 'reset', ['after connection broken by'], /\bafter connection broken by '/, { ...w }),
  sig('docker.error-during-connect', 'docker', 'refused', ['error during connect'], /\berror during connect: /, { ...w, extracts: ['endpoint', 'method'] }),
  sig('docker.daemon', 'docker', 'reset', ['error response from daemon'], /\bError response from daemon: /, { ...w }),
  sig('docker.cannot-connect', 'docker', 'refused', ['cannot connect to the docker daemon'], /\bCannot connect to the Docker daemon at /, { rank: 3, hints: ['connecting'] }),
  sig('kubectl.refused', 'kubectl', 'refused', ['was refused - did you specify'], / was refused - did you specify the right host or port\?/,
    { rank: 3, errno: { fixed: 'ECONNREFUSED' }, hints: ['connecting'], extracts: ['endpoint'] }),
  sig('kubectl.unable-to-connect', 'kubectl', 'reset', ['unable to connect to the server'], /\bUnable to connect to the server: /, { ...w }),
  sig('kubectl.api-group-list', 'kubectl', 'reset', ["couldn't get current server api group list"], /\bcouldn't get current server API group list: /, { ...w }),
  sig('ssh.connect', 'ssh', 'refused', ['ssh: connect to host'], /\bssh: connect to host [\w.:[\]%-]+ port \d+: /, { ...w, extracts: ['endpoint'] }),
  sig('ssh.reset-by', 'ssh', 'reset', ['connection reset by '], /\bConnection reset by [\w.:[\]%-]+ port \d+\b/, { errno: { fixed: 'ECONNRESET' }, extracts: ['endpoint'] }),
  sig('ssh.closed-by', 'ssh', 'eof_closed', ['connection closed by '], /\bConnection closed by (?:remote host|[\w.:[\]%-]+ port \d+)\b/, { extracts: ['endpoint'] }),
  sig('ssh.kex', 'ssh', 'reset', ['kex_exchange_identification', 'client_loop: '], /\b(?:kex_exchange_identification|ssh_exchange_identification|client_loop): /, { ...w }),
  sig('wget.read-error', 'wget', 'reset', ['read error (', 'read error at byte'], /\bRead error (?:at byte [\d/]+ )?\([^()\n]+\)/, { ...w }),
  sig('wget.no-data', 'wget', 'eof_closed', ['no data received'], /\bawaiting response\.\.\. No data received\b/, { rank: 3, hints: ['reading_headers'] }),
  sig('wget.failed', 'wget', 'refused', ['... failed: '], /\.\.\. failed: /, { ...w, hints: ['connecting'] }),
  sig('wget.ssl', 'wget', 'tls', ['unable to establish ssl connection'], /\bUnable to establish SSL connection\b/, { rank: 3, hints: ['tls_handshake'] }),
  sig('php.warning', 'php', 'reset', ['php warning:', 'php fatal error:', 'php notice:'], /\bPHP (?:Warning|Fatal error|Notice): /, { ...w }),
];
