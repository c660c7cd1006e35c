import { type QueryRunner } from 'typeorm';

/** The PostgreSQL schema a migration runs in: the DataSource's `schema`, as every store uses it. */
export const migrationSchema = (queryRunner: QueryRunner): string => {
  const options = queryRunner.connection.options;
  return options.type === 'postgres' && options.schema ? options.schema : 'public';
};
