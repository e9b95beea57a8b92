/**
 * `greenlight init` and `--preset`: a new user starts from a seed's preset, as a file to edit or
 * directly; every source goes through the config's one validation, and a refused command
 * changes nothing.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadGreenlightConfig } from '../../lib/load-config.ts';
import { presets } from '../../src/presets/index.ts';
import { runCli } from '../operator/run-cli.ts';

/** `greenlight plan` of a minor release of shop in `environment`, from the config source given (a later `--now` wins). */
const planOfShop = (environment: string, ...source: string[]): string[] => [
  'plan',
  '--service',
  'shop',
  '--environment',
  environment,
  '--release-type',
  'minor',
  '--now',
  '2026-01-06T10:00:00Z',
  ...source,
];

const dir = mkdtempSync(join(tmpdir(), 'gl-init-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('greenlight init', () => {
  it('lists the presets, one a line', async () => {
    expect(await runCli(['init', '--list-presets'])).toBe(`${presets.map((p) => p.name).join('\n')}\n`);
    expect(presets).toHaveLength(5);
  });

  it.each(presets.map((preset) => [preset.name]))(
    'writes the %s preset as a config file that loads, and plans from it',
    async (name) => {
      // Act
      const out = join(dir, `${name}.json`);
      const said = await runCli(['init', '--preset', name, '--out', out]);
      const file = loadGreenlightConfig(out);
      const environment = Object.keys(file.environments).at(-1) as string;
      const plan = await runCli(planOfShop(environment, '--config', out));
      const fromPreset = await runCli(planOfShop(environment, '--preset', name));

      // Assess
      expect(said).toContain(`wrote ${out} from the "${name}" preset`);
      expect(JSON.parse(readFileSync(out, 'utf8')).$comment).toContain(`"${name}" preset`);
      expect(plan).toContain(`Plan for shop 0.0.0 (minor) in ${environment}`);
      expect(fromPreset).toBe(plan);
    },
  );

  it.each([
    [['init'], /--preset: name the preset/],
    [['init', '--preset', 'constructor'], /no preset is called "constructor"; the presets are vioe/],
    [['init', '--preset', '__proto__'], /no preset is called "__proto__"/],
    [
      [
        'plan',
        '--preset',
        'vioe',
        '--service',
        'shop',
        '--environment',
        'production',
        '--release-type',
        'minor',
        '--announced-at',
        'soon',
      ],
      /--announced-at: expected an ISO 8601 date-time/,
    ],
    [
      [
        'plan',
        '--preset',
        'vioe',
        '--config',
        'x.json',
        '--service',
        'shop',
        '--environment',
        'production',
        '--release-type',
        'minor',
      ],
      /--config and --preset both given/,
    ],
  ])('refuses %j with a reason, writing nothing', async (args, reason) => {
    // Act
    const outcome = await runCli(args).then(
      () => null,
      (error: Error) => error,
    );

    // Assess
    expect(outcome?.name).toBe('InvalidRequestError');
    expect(outcome?.message).toMatch(reason);
    expect(existsSync('config/greenlight.config.json.bak')).toBe(false);
  });

  it('never replaces an existing file without --force', async () => {
    // Prepare
    const out = join(dir, 'mine.json');
    writeFileSync(out, '{"mine": true}\n');

    // Act
    const refused = await runCli(['init', '--preset', 'vioe', '--out', out]).then(
      () => null,
      (error: Error) => error,
    );
    const kept = readFileSync(out, 'utf8');
    await runCli(['init', '--preset', 'vioe', '--out', out, '--force']);

    // Assess
    expect(refused?.message).toMatch(/already exists and was left as it is; pass --force/);
    expect(kept).toBe('{"mine": true}\n');
    expect(loadGreenlightConfig(out).environments).toBeDefined();
  });
});

// The vioe checklist's six minor items (seed 000 §4.4), each attested by its role.
const attestEveryItem = [
  'tests-passing=ci:build-42',
  'security-scan=ci:build-42',
  'performance-benchmarks=ci:build-42',
  'release-notes=release-manager:rita@example.com',
  'rollback-plan=team-lead:lee@example.com',
  'stakeholders-notified=release-manager:rita@example.com',
].flatMap((attestation) => ['--attest', attestation]);

describe('greenlight plan and the pre-deployment checklist', () => {
  const plan = (...extra: string[]) =>
    runCli([...planOfShop('production', '--preset', 'vioe', '--now', '2026-01-05T23:00:00Z'), ...extra]);

  it('names the items a release still needs attested, and passes once all are', async () => {
    // Act
    const some = await plan('--announced-at', '2026-01-05T21:00:00Z', ...attestEveryItem.slice(0, 4));
    const all = await plan('--announced-at', '2026-01-05T21:00:00Z', ...attestEveryItem);

    // Assess
    expect(some).toContain('Decision: would be refused now');
    expect(some).toContain(
      'pre-deployment checklist: 4 of 6 minor item(s) not attested: "Performance benchmarks met" (performance-benchmarks, by ci)',
    );
    expect(some).toContain('the checklist needs tests-passing (by ci), security-scan (by ci)');
    expect(all).toContain('Decision: may deploy now');
    expect(all).toContain('pre-deployment checklist: all 6 minor items attested');
  });

  it('refuses an --attest it cannot read, saying how to write it', async () => {
    await expect(plan('--attest', 'tests-passing')).rejects.toThrow(
      '--attest: expected <item>=<role>:<who>, such as tests-passing=qa:ci@example.com (got "tests-passing")',
    );
  });
});

describe('greenlight plan and advance notice', () => {
  // Monday 23:00: the low-traffic window is open, and the Tuesday code freeze has not begun.
  const plan = (...extra: string[]) =>
    runCli([...planOfShop('production', '--preset', 'vioe', '--now', '2026-01-05T23:00:00Z'), ...extra]);

  it('says a release needs its notice, and that it may go once announced in time', async () => {
    // Act
    const unannounced = await plan();
    const late = await plan('--announced-at', '2026-01-05T22:30:00Z');
    const inTime = await plan('--announced-at', '2026-01-05T21:00:00Z', ...attestEveryItem);

    // Assess
    expect(unannounced).toContain('Decision: would be refused now');
    expect(unannounced).toContain(
      'announced at least 1 h before they start (notice.minor): announce this one',
    );
    expect(late).toContain('it may start at 2026-01-05T23:30:00.000Z');
    expect(inTime).toContain('Decision: may deploy now');
  });
});
