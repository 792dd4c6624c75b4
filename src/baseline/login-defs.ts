export const LOGIN_DEFS = '/etc/login.defs';

/**
 * What golive sets in login.defs. The password ages apply to accounts created from now on (useradd
 * copies them into /etc/shadow); existing accounts keep theirs (`chage -l USER`).
 */
export const LOGIN_DEFS_SETTINGS: Readonly<Record<string, string>> = {
  UMASK: '027',
  SHA_CRYPT_MIN_ROUNDS: '65536',
  SHA_CRYPT_MAX_ROUNDS: '65536',
  PASS_MAX_DAYS: '365',
  PASS_MIN_DAYS: '1',
  PASS_WARN_AGE: '14',
};

const settingLine = (key: string) => new RegExp(`^(\\s*)${key}(\\s+)\\S.*$`);

/**
 * login.defs with each key's line set: every line that sets it now says the new value (spacing
 * kept), a key no line sets is added at the end; every other byte stays as it was.
 */
export function setLoginDefs(content: string, settings: Readonly<Record<string, string>>): string {
  const lines = content.split('\n');
  const missing: string[] = [];
  for (const [key, value] of Object.entries(settings)) {
    const pattern = settingLine(key);
    let found = false;
    lines.forEach((line, i) => {
      const match = pattern.exec(line);
      if (!match) return;
      found = true;
      lines[i] = `${match[1]}${key}${match[2]}${value}`;
    });
    if (!found) missing.push(`${key}\t${value}`);
  }
  if (missing.length === 0) return lines.join('\n');
  const text = lines.join('\n');
  const body = text === '' || text.endsWith('\n') ? text : `${text}\n`;
  return `${body}# Added by golive (baseline step)\n${missing.join('\n')}\n`;
}

/** The keys whose value in login.defs is not golive's (the last line that sets a key counts). */
export function loginDefsDiffer(content: string, settings: Readonly<Record<string, string>>): string[] {
  return Object.entries(settings).filter(([key, value]) => {
    const values = content.split('\n').map((line) => settingLine(key).exec(line)?.[0].trim().split(/\s+/)[1]).filter((v) => v !== undefined);
    return values.at(-1) !== value;
  }).map(([key]) => key);
}
