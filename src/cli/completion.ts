import { STEP_IDS } from '../engine/types.js';
import { EXPORT_FORMATS, SHELLS } from './args.js';
import { COMMAND_USAGE, OPTION_USAGE, optionsOf, type CommandUsage, type OptionUsage } from './usage.js';

/**
 * `golive completion bash|zsh`: commands, the options each command takes (the wizard's before a
 * command), step ids and files, all from the usage lists.
 */

const commands = () => COMMAND_USAGE.filter((c) => c.name !== 'wizard');
const spellings = (option: OptionUsage) => [`--${option.long}`, ...(option.short ? [`-${option.short}`] : [])];
const FILE_ARGS = ['FILE', 'DIR'];
/** What follows a command word: the words its argument can be. */
const SUBJECTS: Partial<Record<CommandUsage['name'], string[]>> = { completion: SHELLS, export: EXPORT_FORMATS };

export function completionScript(shell: string): string {
  return shell === 'zsh' ? zsh() : bash();
}

function bash(): string {
  const fileOptions = OPTION_USAGE.filter((o) => o.arg && FILE_ARGS.includes(o.arg)).flatMap(spellings);
  const valueOptions = OPTION_USAGE.filter((o) => o.arg && !FILE_ARGS.includes(o.arg) && o.long !== 'only').flatMap(spellings);
  const optionsByCommand = COMMAND_USAGE.map((c) => `    ${c.name}) options="${optionsOf(c.name).flatMap(spellings).join(' ')}" ;;`);
  const subjects = Object.entries(SUBJECTS).map(([name, words]) => `    ${name}) COMPREPLY=($(compgen -W "${words.join(' ')}" -- "$cur")); return ;;`);
  return `# golive completion for bash: eval "$(golive completion bash)"
_golive() {
  local cur=\${COMP_WORDS[COMP_CWORD]} prev=\${COMP_WORDS[COMP_CWORD-1]}
  local commands="${commands().map((c) => c.name).join(' ')}"
  case $prev in
    --only)
      local head=""
      [[ $cur == *,* ]] && head="\${cur%,*},"
      COMPREPLY=($(compgen -P "$head" -W "${STEP_IDS.join(' ')}" -- "\${cur##*,}"))
      return ;;
    ${fileOptions.join('|')})
      COMPREPLY=($(compgen -f -- "$cur"))
      return ;;
    ${valueOptions.join('|')})
      return ;;
${subjects.join('\n')}
    help) COMPREPLY=($(compgen -W "$commands" -- "$cur")); return ;;
  esac
  local word command=wizard options
  for word in "\${COMP_WORDS[@]:1:COMP_CWORD-1}"; do
    [[ " $commands " == *" $word "* ]] && { command=$word; break; }
  done
  if [[ $cur == -* ]]; then
    case $command in
${optionsByCommand.join('\n')}
    esac
    COMPREPLY=($(compgen -W "$options" -- "$cur"))
  elif [[ $command == wizard ]]; then
    COMPREPLY=($(compgen -W "$commands" -- "$cur"))
  fi
}
complete -F _golive golive
`;
}

/** Text inside a zsh single-quoted word. */
const zshQuoted = (text: string) => text.replace(/'/g, "'\\''");
/** A description as one line, for zsh: the usage text's lines joined. */
const oneLine = (lines: readonly string[]) => lines.join(' ').replace(/\s+/g, ' ').replace(/[:;]$/, '').trim();
/** A description inside _arguments' brackets, where brackets and backslashes are special. */
const bracketed = (text: string) => zshQuoted(text.replace(/[\\[\]]/g, '\\$&'));
const zshName = (option: OptionUsage) => `opt_${option.long.replace(/-/g, '_')}`;

/** An option's _arguments specs, one per spelling, each excluding the other spelling. */
function zshOption(option: OptionUsage): string {
  const description = bracketed(oneLine(option.long === 'only' ? option.text.slice(0, 1) : option.text));
  const placeholder = (option.arg ?? '').toLowerCase().replace(/[^a-z]+/g, ' ').trim();
  const value = option.long === 'only' ? `:steps:_sequence compadd - ${STEP_IDS.join(' ')}` : option.arg ? `:${placeholder}:${FILE_ARGS.includes(option.arg) ? '_files' : ' '}` : '';
  const repeat = option.long === 'rotate' ? '*' : '';
  const exclusion = option.short ? `(${spellings(option).join(' ')})` : '';
  const specs = spellings(option).map((spelling) => `'${exclusion}${repeat}${spelling}[${description}]${value}'`);
  return `  local -a ${zshName(option)}=(${specs.join(' ')})`;
}

function zsh(): string {
  // _describe splits an entry at its first unescaped colon: the name has none, the description may.
  const described = commands().map((c) => `    '${c.name}:${zshQuoted(oneLine(c.summary))}'`);
  const optionsByCommand = COMMAND_USAGE.map((c) => `    ${c.name}) options=(${optionsOf(c.name).map((o) => `$${zshName(o)}`).join(' ')}) ;;`);
  const subjects = Object.entries(SUBJECTS).map(([name, words]) => `        ${name}) compadd ${words.join(' ')} ;;`);
  return `#compdef golive
# golive completion for zsh (after compinit): source <(golive completion zsh)
_golive() {
  local curcontext=$curcontext state line command=wizard word
  local -a commands options
  commands=(
${described.join('\n')}
  )
${OPTION_USAGE.map(zshOption).join('\n')}
  for word in \${words[2,CURRENT-1]}; do
    [[ -n \${commands[(r)\${(b)word}:*]} ]] && { command=$word; break; }
  done
  case $command in
${optionsByCommand.join('\n')}
  esac
  _arguments -s -C $options '1: :->command' '*: :->argument'
  case $state in
    command) [[ $command == wizard ]] && _describe command commands ;;
    argument)
      case $line[1] in
        help) (( \${#line} == 2 )) && _describe command commands ;;
${subjects.join('\n')}
      esac ;;
  esac
}
compdef _golive golive 2>/dev/null || true
`;
}
