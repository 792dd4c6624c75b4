/** `sshd -T` output: the values sshd really uses, keyword (lower case) -> values in order. */
export type EffectiveConfig = ReadonlyMap<string, readonly string[]>;

export function parseSshdT(stdout: string): EffectiveConfig {
  const config = new Map<string, string[]>();
  for (const line of stdout.split('\n')) {
    const match = /^(\S+)\s+(.*)$/.exec(line.trim());
    if (!match) continue;
    const keyword = match[1]!.toLowerCase();
    const values = config.get(keyword) ?? [];
    values.push(match[2]!);
    config.set(keyword, values);
  }
  return config;
}

/** One value as sshd prints it; several values (allowusers, hostkey, port) joined by spaces. */
export function effectiveValue(config: EffectiveConfig, keyword: string): string | undefined {
  const values = config.get(keyword);
  return values === undefined ? undefined : values.join(' ');
}
