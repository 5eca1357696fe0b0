namespace IocpAdmin.Cli.Completion;

/// <summary>The scripts that hook the completer into a shell, for a program called <c>name</c>.</summary>
internal static class CompletionScripts
{
    public static string For(string shell, string name) => shell switch
    {
        "bash" => $$"""
            # {{name}} completion for bash: source <({{name}} completion bash), or save it in ~/.local/share/bash-completion/completions/{{name}}
            _{{Function(name)}}() {
                local IFS=$'\n'
                COMPREPLY=($({{name}} {{Completer.Verb}} "${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null))
            }
            complete -o default -F _{{Function(name)}} {{name}}

            """,
        "zsh" => $$"""
            #compdef {{name}}
            # {{name}} completion for zsh: source <({{name}} completion zsh), or save it as _{{name}} in a directory of $fpath
            _{{Function(name)}}() {
                local -a candidates
                candidates=("${(@f)$({{name}} {{Completer.Verb}} "${(@)words[2,CURRENT]}" 2>/dev/null)}")
                [[ -n "${candidates[1]}" ]] && compadd -a candidates
            }
            compdef _{{Function(name)}} {{name}}

            """,
        "powershell" => $$"""
            # {{name}} completion for PowerShell: {{name}} completion powershell | Out-String | Invoke-Expression (or add that line to $PROFILE)
            Register-ArgumentCompleter -Native -CommandName {{name}} -ScriptBlock {
                param($wordToComplete, $commandAst, $cursorPosition)
                $words = @($commandAst.CommandElements | Select-Object -Skip 1 | ForEach-Object { $_.ToString() })
                if ($wordToComplete -eq '') { $words += '' }
                & {{name}} {{Completer.Verb}} @words 2>$null | ForEach-Object {
                    [System.Management.Automation.CompletionResult]::new($_, $_, 'ParameterValue', $_)
                }
            }

            """,
        _ => throw new ArgumentOutOfRangeException(nameof(shell), shell, "bash, zsh or powershell"),
    };

    private static string Function(string name) => name.Replace('.', '_').Replace('-', '_');
}
