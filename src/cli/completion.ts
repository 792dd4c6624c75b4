import { STEP_IDS } from '../engine/types.js';
import { SHELLS } from './args.js';
import { COMMAND_USAGE, OPTION_USAGE, type OptionUsage } from './usage.js';

/** `golive completion bash|zsh`: commands, options, step ids and files, from the usage lists. */

const commands = () => COMMAND_USAGE.filter((c) => c.name !== 'wizard').map((c) => c.name);
const spellings = (option: OptionUsage) => [`--${option.long}`, ...(option.short ? [`-${option.short}`] : [])];
const FILE_ARGS = ['FILE', 'DIR'];

export function completionScript(shell: string): string {
  return shell === 'zsh' ? zsh() : bash();
}

function bash(): string {
  const fileOptions = OPTION_USAGE.filter((o) => o.arg && FILE_ARGS.includes(o.arg)).flatMap(spellings);
  const valueOptions = OPTION_USAGE.filter((o) => o.arg && !FILE_ARGS.includes(o.arg) && o.long !== 'only').flatMap(spellings);
  return `# golive completion for bash: eval "$(golive completion bash)"
_golive() {
  local cur=\${COMP_WORDS[COMP_CWORD]} prev=\${COMP_WORDS[COMP_CWORD-1]}
  local commands="${commands().join(' ')}"
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
    completion)
      COMPREPLY=($(compgen -W "${SHELLS.join(' ')}" -- "$cur"))
      return ;;
    export)
      COMPREPLY=($(compgen -W "ansible" -- "$cur"))
      return ;;
    help)
      COMPREPLY=($(compgen -W "$commands" -- "$cur"))
      return ;;
  esac
  if [[ $cur == -* ]]; then
    COMPREPLY=($(compgen -W "${OPTION_USAGE.flatMap(spellings).join(' ')}" -- "$cur"))
    return
  fi
  local word
  for word in "\${COMP_WORDS[@]:1:COMP_CWORD-1}"; do
    [[ " $commands " == *" $word "* ]] && return
  done
  COMPREPLY=($(compgen -W "$commands" -- "$cur"))
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

function zshOption(option: OptionUsage): string {
  const description = bracketed(oneLine(option.long === 'only' ? option.text.slice(0, 1) : option.text));
  const placeholder = (option.arg ?? '').toLowerCase().replace(/[^a-z]+/g, ' ').trim();
  const value = option.long === 'only' ? `:steps:_sequence compadd - ${STEP_IDS.join(' ')}` : option.arg ? `:${placeholder}:${FILE_ARGS.includes(option.arg) ? '_files' : ' '}` : '';
  const repeat = option.long === 'rotate' ? '*' : '';
  if (!option.short) return `    '${repeat}--${option.long}[${description}]${value}'`;
  return `    '(-${option.short} --${option.long})'{-${option.short},--${option.long}}'[${description}]${value}'`;
}

function zsh(): string {
  // _describe splits an entry at its first unescaped colon: the name has none, the description may.
  const described = COMMAND_USAGE.filter((c) => c.name !== 'wizard').map((c) => `    '${c.name}:${zshQuoted(oneLine(c.summary))}'`);
  return `#compdef golive
# golive completion for zsh (after compinit): source <(golive completion zsh)
_golive() {
  local curcontext=$curcontext state line
  local -a commands
  commands=(
${described.join('\n')}
  )
  _arguments -s -C \\
${OPTION_USAGE.map(zshOption).join(' \\\n')} \\
    '1: :->command' \\
    '*: :->argument'
  case $state in
    command) _describe command commands ;;
    argument)
      case $line[1] in
        help) (( CURRENT == 3 )) && _describe command commands ;;
        completion) compadd ${SHELLS.join(' ')} ;;
        export) compadd ansible ;;
      esac ;;
  esac
}
compdef _golive golive 2>/dev/null || true
`;
}
