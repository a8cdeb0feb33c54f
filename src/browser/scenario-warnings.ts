/**
 * The scenario's warnings the page prints on the console. Those Verisim's Node tools printed when
 * they compiled it (the Vite plugin at dev start or build, `verisim init`, the demo's YAML
 * plugin) are listed in the compiled source and not printed again on every load; all of them
 * stay on `engine.scenario.warnings` and in the panel's Scenario tab.
 */
export function warningsToPrint(warnings: readonly string[], printed: readonly string[] = []): string[] {
  return warnings.filter((warning) => !printed.includes(warning))
}
