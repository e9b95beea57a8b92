import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Command } from 'commander';
import { InvalidRequestError } from '../../errors.ts';
import { defaultConfigPath } from '../../operator/config-path.ts';

interface InitFlags {
  preset?: string;
  out: string;
  force?: boolean;
  listPresets?: boolean;
}

/**
 * `greenlight init`: writes a config file from a preset, for a new user to edit; or lists the
 * presets. The file is validated by the config's one validation before it is written, and an
 * existing file is never replaced without `--force`.
 */
export function registerInitCommand(program: Command): void {
  program
    .command('init')
    .description('write a config file from one of the seed presets, to edit; --list-presets names them')
    .option('--preset <name>', 'the preset to start from (greenlight init --list-presets)')
    .option('--out <file>', 'where to write it', defaultConfigPath)
    .option('--force', 'replace the file if it exists')
    .option('--list-presets', 'print the preset names, one a line, and exit')
    .action(async (flags: InitFlags) => {
      const { presets, presetNamed } = await import('../../presets/index.ts');
      if (flags.listPresets) {
        process.stdout.write(`${presets.map((preset) => preset.name).join('\n')}\n`);
        return;
      }
      if (!flags.preset) {
        throw new InvalidRequestError(
          `--preset: name the preset to start from (one of ${presets.map((preset) => preset.name).join(', ')}), or pass --list-presets`,
        );
      }
      const preset = presetNamed(flags.preset);
      if (existsSync(flags.out) && !flags.force) {
        throw new InvalidRequestError(
          `--out: ${flags.out} already exists and was left as it is; pass --force to replace it, or --out <another file>`,
        );
      }
      const { configFileFor } = await import('../../presets/config-file.ts');
      const { parseGreenlightConfig } = await import('../../../lib/load-config.ts');
      const file = configFileFor(preset);
      const validated = parseGreenlightConfig(file, `the "${preset.name}" preset`);
      mkdirSync(dirname(flags.out), { recursive: true });
      writeFileSync(flags.out, `${JSON.stringify(file, null, 2)}\n`);
      const environments = Object.keys(validated.environments).join(', ');
      process.stdout.write(
        `wrote ${flags.out} from the "${preset.name}" preset (${preset.title}): environments ${environments}\n` +
          `next: replace the shop service's ARNs, the account and the emails with your own, then\n` +
          `  npx greenlight plan --config ${flags.out} --service shop --environment ${Object.keys(validated.environments).at(-1)} --release-type minor\n`,
      );
    });
}
