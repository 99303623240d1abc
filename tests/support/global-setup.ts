import postgres from 'postgres';
import type { TestProject } from 'vitest/node';
import { prepareDatabase } from '@dsd/db/setup';
import { databaseUrl, serverUrl } from './urls.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    templateDb: string;
    runId: string;
  }
}

/** Migrates and seeds one template database; every test file then copies it (CREATE DATABASE … TEMPLATE). */
export default async function setup(project: TestProject) {
  const runId = `${process.pid}_${Date.now().toString(36)}`;
  const template = `dsd_tpl_${runId}`;
  const admin = postgres(serverUrl('postgres'), { max: 1, onnotice: () => {} });
  await dropAbandonedDatabases(admin);
  await admin.unsafe(`create database ${template}`);
  await prepareDatabase(databaseUrl(template), { demo: true });
  project.provide('templateDb', template);
  project.provide('runId', runId);
  return async () => {
    const leftovers = await admin<{ datname: string }[]>`select datname from pg_database where datname like ${`dsd_%${runId}%`}`;
    for (const { datname } of leftovers) await admin.unsafe(`drop database if exists ${datname} with (force)`);
    await admin.end();
  };
}

/** Databases of runs that were killed before their teardown (their names carry the run's start time). */
async function dropAbandonedDatabases(admin: postgres.Sql): Promise<void> {
  const abandonedBefore = Date.now() - 3 * 3600_000;
  const rows = await admin<{ datname: string }[]>`select datname from pg_database where datname like 'dsd\_t%'`;
  for (const { datname } of rows) {
    const started = /^dsd_(?:tpl|t)_\d+_([0-9a-z]+)/.exec(datname)?.[1];
    if (started && Number.parseInt(started, 36) < abandonedBefore) await admin.unsafe(`drop database if exists ${datname} with (force)`);
  }
}
