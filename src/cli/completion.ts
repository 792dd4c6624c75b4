import { STEP_IDS } from '../engine/types.js';
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
      COMPREPLY=($(compgen -W "bash zsh" -- "$cur"))
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

/** A description zsh's _arguments takes as it is: no brackets, colons or quotes. */
function plain(text: string): string {
  return text.replace(/[[\]]/g, '').replace(/[:'"`\\$]/g, ' ').replace(/\s+/g, ' ').trim();
}

function zshOption(option: OptionUsage): string {
  const description = plain(option.text[0] ?? '');
  const value = option.long === 'only' ? `:steps:_sequence compadd - ${STEP_IDS.join(' ')}` : option.arg ? `:${plain(option.arg).toLowerCase()}:${FILE_ARGS.includes(option.arg) ? '_files' : ' '}` : '';
  const repeat = option.long === 'rotate' ? '*' : '';
  if (!option.short) return `    '${repeat}--${option.long}[${description}]${value}'`;
  return `    '(-${option.short} --${option.long})'{-${option.short},--${option.long}}'[${description}]${value}'`;
}

function zsh(): string {
  const described = COMMAND_USAGE.filter((c) => c.name !== 'wizard').map((c) => `    '${c.name}:${plain(c.summary[0] ?? '')}'`);
  return `#compdef golive
# golive completion for zsh (after compinit): source <(golive completion zsh)
_golive() {
  local -a commands
  commands=(
${described.join('\n')}
  )
  _arguments -s \\
${OPTION_USAGE.map(zshOption).join(' \\\n')} \\
    '1: :{_describe command commands}' \\
    '*:: :->rest'
}
compdef _golive golive 2>/dev/null || true
`;
}
