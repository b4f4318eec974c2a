// A command defines itself: its name, arguments and flags as data, and the module that runs
// it. The options object the run function gets is typed from the flags written here, so a
// renamed flag breaks the compile where its value is read. Types only: a definition costs
// nothing at start-up beyond its own module.
import type { Context } from './context.js';

/** An argument: `<id>` required, `[code]` optional, `<text...>` one or more words. */
export type ArgSpec = readonly [name: string, description: string];

export interface FlagExtra {
  readonly choices?: readonly string[];
  readonly default?: string;
  /** the flag may be given again: its values are collected in order */
  readonly repeat?: true;
  /** commander refuses the command line without it */
  readonly required?: true;
}

/** A flag as commander writes it (`--next <date>`, `--due [date]`, `--dry-run`) and its help. */
export type FlagSpec = readonly [flags: string, description: string, extra?: FlagExtra];

/** A command line as a user types it, and what it does when that is not plain from the line. */
export type ExampleSpec = readonly [line: string, what?: string];

/** An exit code the command gives, and when; 0 and 2 have a general meaning when not given. */
export type ExitSpec = readonly [code: 0 | 1 | 2 | 130, when: string];

export interface CommandSpec {
  readonly name: string;
  readonly description: string;
  readonly args?: readonly ArgSpec[];
  readonly flags?: readonly FlagSpec[];
  /** shown under `--help` and on the command's reference page */
  readonly examples?: readonly ExampleSpec[];
  /** on the command's reference page */
  readonly exits?: readonly ExitSpec[];
  /** the guide that tells the whole story: a page of docs/ and its heading's anchor */
  readonly guide?: string;
}

type Camel<S extends string> = S extends `${infer H}-${infer T}` ? `${H}${Capitalize<Camel<T>>}` : S;
type Long<F extends string> = F extends `${string}--${infer R}` ? R : never;
type FlagKey<F extends string> = Camel<Long<F> extends `${infer N} ${string}` ? N : Long<F>>;
type FlagValue<T extends FlagSpec> = T[2] extends { choices: readonly (infer C)[] }
  ? C
  : T[2] extends { repeat: true }
    ? string[]
    : T[0] extends `${string}<${string}>`
      ? string
      : T[0] extends `${string}[${string}]`
        ? string | true
        : boolean;
type Given<T extends FlagSpec> = T[2] extends { default: string } | { required: true } ? true : false;

type ArgKey<N extends string> = N extends `${'<' | '['}${infer K}...${'>' | ']'}`
  ? Camel<K>
  : N extends `${'<' | '['}${infer K}${'>' | ']'}`
    ? Camel<K>
    : never;
type ArgValue<N extends string> = N extends `${string}...${string}` ? string[] : string;
type ArgGiven<N extends string> = N extends `[${string}]` ? (N extends `${string}...]` ? true : false) : true;

type ArgsOf<A extends readonly ArgSpec[]> = {
  [T in A[number] as ArgGiven<T[0]> extends true ? ArgKey<T[0]> : never]: ArgValue<T[0]>;
} & {
  [T in A[number] as ArgGiven<T[0]> extends true ? never : ArgKey<T[0]>]?: ArgValue<T[0]>;
};

/** The options a list of flags gives, keyed as commander keys them (`--dry-run` is `dryRun`). */
export type FlagsOf<F extends readonly FlagSpec[]> = {
  [T in F[number] as Given<T> extends true ? FlagKey<T[0]> : never]: FlagValue<T>;
} & {
  [T in F[number] as Given<T> extends true ? never : FlagKey<T[0]>]?: FlagValue<T>;
};

/** The options a command's run function gets: its arguments by name, then its flags. */
export type OptionsOf<S extends CommandSpec> = (S['args'] extends readonly ArgSpec[] ? ArgsOf<S['args']> : unknown) &
  (S['flags'] extends readonly FlagSpec[] ? FlagsOf<S['flags']> : unknown);

export type Run<O> = (ctx: Context, opts: O) => Promise<void>;

/**
 * What a definition module exports by default, checked with `satisfies`: the spec, and the
 * import of the code that runs the command, only when it runs.
 */
export interface CommandDefinition<S extends CommandSpec> {
  readonly spec: S;
  readonly load: () => Promise<{ default: Run<OptionsOf<S>> }>;
}

/**
 * Any command's definition, as the program holds them: the options object is built from
 * the spec itself, so only the command knows its type.
 */
export interface AnyCommand {
  readonly spec: CommandSpec;
  readonly load: () => Promise<{ default: Run<never> }>;
}

