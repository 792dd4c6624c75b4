/** The baseline step's groups: one answer each. */
export const GROUPS = ['sysctl', 'coreDumps', 'loginDefs', 'modules', 'banners', 'auditd', 'accounting', 'integrity', 'pam', 'updateTools', 'compilers', 'idleLogout', 'usbGuard', 'aptListbugs'] as const;
export type Group = (typeof GROUPS)[number];

/** What a group can break: such a group is off unless the answers turn it on, and the plan says why. */
export const RISKS: Readonly<Partial<Record<Group, string>>> = {
  compilers: 'users other than root could no longer run the compilers and the assembler (a user who builds software here, pip building a C extension)',
  idleLogout: 'an idle shell closes after 15 minutes, a forgotten tmux pane included',
  usbGuard: 'a USB device plugged in later is blocked until allowed (usbguard allow-device), a keyboard at the console included; those plugged in at install are allowed',
  aptListbugs: 'every apt run asks bugs.debian.org first, and an unattended install stops when it cannot reach it',
};

export const groupDefault = (group: Group): boolean => RISKS[group] === undefined;

/** The Debian packages each group installs (only what they depend on: no mail server comes along). */
export const GROUP_PACKAGES: Readonly<Partial<Record<Group, readonly string[]>>> = {
  auditd: ['auditd'],
  accounting: ['acct'],
  integrity: ['aide', 'aide-common', 'debsums'],
  pam: ['libpam-pwquality', 'libpam-tmpdir'],
  updateTools: ['needrestart', 'apt-listchanges'],
  // Debian's install writes the policy: the devices plugged in then are allowed.
  usbGuard: ['usbguard'],
  aptListbugs: ['apt-listbugs'],
};

export const ALL_PACKAGES: readonly string[] = Object.values(GROUP_PACKAGES).flat();

/** The wizard's question and help for each group. */
export const GROUP_QUESTIONS: Readonly<Record<Group, readonly [string, string]>> = {
  sysctl: ['Harden kernel and network settings', 'sysctl: no redirects or source routes, rp_filter, kernel pointers hidden; forwarding left on where Docker needs it'],
  coreDumps: ['Turn core dumps off', 'a core dump is a copy of a process’s memory, secrets included'],
  loginDefs: ['Set login defaults', 'login.defs: umask 027, password hashing rounds, password ages for new accounts'],
  modules: ['Block unneeded kernel modules', 'usb-storage, firewire, rare filesystems and protocols (dccp, sctp, rds, tipc)'],
  banners: ['Show a legal banner', '/etc/issue and /etc/issue.net (sshd shows it before login)'],
  auditd: ['Record security events (auditd)', 'who changed users, sudo rights, sshd’s configuration, the clock, kernel modules'],
  accounting: ['Record every command run (acct)', 'process accounting: lastcomm, sa'],
  integrity: ['Check files for changes (AIDE, debsums)', 'AIDE’s database is built in the background; golive history shows how it went'],
  pam: ['Password quality and private temp folders', 'libpam-pwquality, libpam-tmpdir'],
  updateTools: ['Say what needs a restart after updates', 'needrestart (lists, never restarts by itself), apt-listchanges'],
  compilers: ['Compilers for root only', `off by default: ${RISKS.compilers}`],
  idleLogout: ['Close idle shells after 15 minutes', `off by default: ${RISKS.idleLogout}`],
  usbGuard: ['Block new USB devices (USBGuard)', `off by default: ${RISKS.usbGuard}`],
  aptListbugs: ['Warn of known bugs before upgrades (apt-listbugs)', `off by default: ${RISKS.aptListbugs}`],
};
