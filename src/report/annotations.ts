// Report-time annotations on the scan result: what suppressions, a baseline and --framework add to it.
// They extend the model by declaration merging so every formatter (and the JSON document) carries them
// without the collect/evaluate stages knowing about them. All are optional: a plain scan has none.
import type { MappingSource } from '../controls/frameworks/index.js';

/** Why a finding is muted and until when (YYYY-MM-DD, inclusive, UTC). The finding keeps its status. */
export interface Muted {
  reason: string;
  expires: string;
}

/** SARIF's vocabulary: `new` = not in the baseline (fails the run), `unchanged` = accepted in the baseline. */
export type BaselineState = 'new' | 'unchanged';

export interface RequirementGroup {
  requirement: string;
  title: string;
  source: MappingSource;
  /** Control ids mapped to this requirement, in registry order. */
  controls: string[];
  note?: string;
}

/** Present when the scan was filtered with --framework: every output groups its findings by these. */
export interface FrameworkView {
  id: string;
  name: string;
  url: string;
  note?: string;
  requirements: RequirementGroup[];
}

declare module '../model/types.js' {
  interface Finding {
    muted?: Muted;
    baselineState?: BaselineState;
  }
  interface ScanResult {
    framework?: FrameworkView;
  }
}
