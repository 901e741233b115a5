/*
 * rackside-ctl's IMU commands: analyse a trace file with the kiosk's own rep detector,
 * and export a stored set's bar samples as such a file.
 */
#ifndef CTL_IMU_H
#define CTL_IMU_H

struct store;

/* analyze-imu FILE.csv --exercise NAME [--json]; needs no database. */
int ctl_analyze_imu(int argc, char **argv);
/* export-imu SET_ID FILE.csv [--force] */
int ctl_export_imu(struct store *st, int argc, char **argv);

#endif
