// What every CLI child process a test spawns gets, whatever else its test sets: no instance metadata, no
// AWS config files, a loopback endpoint by default, and the loopback-only socket guard preloaded.
import { fileURLToPath } from 'node:url';

const GUARD = fileURLToPath(new URL('./child-net-guard.cjs', import.meta.url));

export function childSafetyEnv(): Record<string, string> {
  return {
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    NODE_OPTIONS: `--require ${GUARD}`,
  };
}
