import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { modularizeImports, DIST } from '../../scripts/build.mjs';

describe('the build (npm ci and npm start compile src/ to dist/)', () => {
  it('imports date-fns functions from their own modules, and leaves every other import alone', () => {
    const src = [
      "import { subDays, subYears as minusYears } from 'date-fns';",
      "import type { Locale } from 'date-fns';",
      "import { TZDate } from '@date-fns/tz';",
      "import {\n  addDays,\n  format,\n} from 'date-fns';",
    ].join('\n');
    const out = modularizeImports(src);
    expect(out).toContain("import { subDays } from 'date-fns/subDays'; import { subYears as minusYears } from 'date-fns/subYears';");
    expect(out).toContain("import type { Locale } from 'date-fns';");
    expect(out).toContain("import { TZDate } from '@date-fns/tz';");
    expect(out).toContain("import { addDays } from 'date-fns/addDays'; import { format } from 'date-fns/format';");
  });

  it('runs an entry point compiled, building first when src/ changed', () => {
    const r = spawnSync(process.execPath, ['scripts/run.mjs', 'cli/kb-check-cli'], { encoding: 'utf8', timeout: 60_000 });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^ok: \d+ profiles/);
    expect(JSON.parse(readFileSync(`${DIST}/.build.json`, 'utf8')).files).toBeGreaterThan(100);
  });
});
