/**
 * Modern algorithms only: no NIST-curve or SHA-1 key exchange, host keys or MACs, and only
 * encrypt-then-MAC modes. Each list is cut down to what THIS sshd supports (`ssh -Q`), so a config
 * valid today does not name an algorithm this build lacks.
 */
export const MODERN = {
  kexalgorithms: [
    'mlkem768x25519-sha256',
    'sntrup761x25519-sha512',
    'sntrup761x25519-sha512@openssh.com',
    'curve25519-sha256',
    'curve25519-sha256@libssh.org',
    'diffie-hellman-group16-sha512',
    'diffie-hellman-group18-sha512',
    'diffie-hellman-group-exchange-sha256',
  ],
  ciphers: ['chacha20-poly1305@openssh.com', 'aes256-gcm@openssh.com', 'aes128-gcm@openssh.com', 'aes256-ctr', 'aes192-ctr', 'aes128-ctr'],
  macs: ['hmac-sha2-512-etm@openssh.com', 'hmac-sha2-256-etm@openssh.com', 'umac-128-etm@openssh.com'],
  hostkeyalgorithms: [
    'ssh-ed25519',
    'ssh-ed25519-cert-v01@openssh.com',
    'sk-ssh-ed25519@openssh.com',
    'sk-ssh-ed25519-cert-v01@openssh.com',
    'rsa-sha2-512',
    'rsa-sha2-512-cert-v01@openssh.com',
    'rsa-sha2-256',
    'rsa-sha2-256-cert-v01@openssh.com',
  ],
} as const;

export type AlgorithmKind = keyof typeof MODERN;

/** Host key files worth loading: the ones a modern host key algorithm can use. */
export const MODERN_HOST_KEY_FILES = ['/etc/ssh/ssh_host_ed25519_key', '/etc/ssh/ssh_host_rsa_key'];

export function modernSupported(kind: AlgorithmKind, supported: ReadonlySet<string>): string[] {
  return MODERN[kind].filter((name) => supported.has(name));
}
