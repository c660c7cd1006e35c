import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Where each projection stands in the global log; written in the same transaction as its rows. */
@Entity({ name: 'projection_checkpoints' })
export class ProjectionCheckpoint {
  @PrimaryColumn({ type: 'varchar', length: 100 })
  name!: string;

  /** `commit/prepare`, see GlobalPosition. */
  @Column({ type: 'varchar', length: 60 })
  position!: string;

  @Column({ type: 'varchar', length: 30 })
  updatedAt!: string;
}

export const PROJECTION_ENTITIES = [ProjectionCheckpoint];
