import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** The retention schedule (issue 17), as postgres-retention-schedule.migration.ts. */
export class SqliteRetentionSchedule1796464800000 implements MigrationInterface {
  readonly name = 'SqliteRetentionSchedule1796464800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "retention_schedule" ("caseId" varchar(36) NOT NULL, "classId" varchar(40) NOT NULL, "participantId" varchar(36) NOT NULL, "leadAgencyId" varchar(100) NOT NULL, "domain" varchar(20) NOT NULL, "action" varchar(30) NOT NULL, "startsAt" varchar(20) NOT NULL, "startedOn" varchar(10), "dueAt" varchar(30), "status" varchar(10) NOT NULL, "phase" varchar(10) NOT NULL, "closedAt" varchar(30), "lastHealthNoteAt" varchar(30), "version" integer NOT NULL, PRIMARY KEY ("caseId", "classId"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_4e80315fd3665488e5959e5246" ON "retention_schedule" ("participantId")`);
    await queryRunner.query(
      `CREATE INDEX "IDX_f679a54190e1593049951d85e1" ON "retention_schedule" ("dueAt", "caseId", "classId") WHERE "status" IN ('pending', 'held')`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "retention_schedule"`);
  }
}
