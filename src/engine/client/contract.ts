/**
 * The types of the console contract, derived from the areas (areas.ts): command and query names, each query's
 * arguments and result. Type-only: importing this loads no engine code.
 */
import type { z } from 'zod';
import type { AnyArea } from '../areas.js';

type AllCommands = AnyArea['commands'][number];
type AllQueries = AnyArea['queries'][number];

export type CommandName = AllCommands['name'];
export type QueryName = AllQueries['name'];
/** Every loop of every area: what an operator or a maintenance window can pause. */
export type LoopName = AnyArea['loops'][number]['name'];

type QueryOf<N extends QueryName> = Extract<AllQueries, { name: N }>;
export type QueryArgs<N extends QueryName> = z.input<QueryOf<N>['args']>;
export type QueryResult<N extends QueryName> = Awaited<ReturnType<QueryOf<N>['run']>>;

/** Compile-time checks that the names are literal unions, not `string` (a typo would then be a type error). */
type IsString<T> = string extends T ? true : false;
const _literalNames: [IsString<CommandName>, IsString<QueryName>, IsString<LoopName>] = [false, false, false];
void _literalNames;
