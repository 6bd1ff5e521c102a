/*
 * console.h - the terminal console: the guest UART on stdin/stdout.
 */
#ifndef FVP_CLI_CONSOLE_H
#define FVP_CLI_CONSOLE_H

#include "core/vm.h"
#include "dev/chardev.h"

struct console;

/* Create the console back-end (output to stdout). NULL on failure. */
struct console *console_create(void);
struct chardev *console_chardev(struct console *con);
/* Start reading stdin (raw mode if it is a terminal) and feeding the chardev. */
int console_start(struct console *con, struct vm *vm);
/* Put the terminal back as it was if console_start made it raw (also registered with
 * atexit then). Async-signal-safe: fatal paths call it before they exit. */
void console_restore_terminal(void);
/* Stop the input thread and restore the terminal. Safe to call twice. */
void console_stop(struct console *con);
/* Stop, then free the back-end: only after the devices using it are gone. */
void console_destroy(struct console *con);

#endif
