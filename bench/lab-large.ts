// Loads the `large` lab scenario and prints load time and heap growth as JSON.
// Run: npm run build && node --expose-gc dist/bench/lab-large.js [accounts] [regions] [connectionsPerRegion]
import { loadScenario } from '../lab/scenarios/load.js';
import { World } from '../lab/world/world.js';

const [accounts = '100', regions = '17', connectionsPerRegion = '100'] = process.argv.slice(2);
const collect = (): void => (globalThis as { gc?: () => void }).gc?.();

collect();
const heapBefore = process.memoryUsage().heapUsed;
const world = new World();
const started = performance.now();
loadScenario(world, 'large', { accounts, regions, connectionsPerRegion });
const loadMs = performance.now() - started;
collect();
const heapAfter = process.memoryUsage().heapUsed;
let connections = 0;
for (const region of world.allRegions()) connections += region.vpnConnections.size;
console.log(
  JSON.stringify({
    scenario: 'large',
    accounts: Number(accounts),
    regions: Number(regions),
    connectionsPerRegion: Number(connectionsPerRegion),
    connections,
    loadMs: Math.round(loadMs),
    heapMB: Math.round((heapAfter - heapBefore) / 1048576),
    bytesPerConnection: Math.round((heapAfter - heapBefore) / connections),
    gcExposed: typeof (globalThis as { gc?: unknown }).gc === 'function',
  }),
);
