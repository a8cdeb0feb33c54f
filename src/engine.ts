// `verisim/engine`: the engine and the scenario compiler, for a page that builds its own mock
// around them (startVerisim loads them itself, as a chunk of their own).
export { Engine, type EngineOptions } from './core/engine/engine.ts'
export { loadScenario } from './core/scenario/load-scenario.ts'
