/*
 * map_prog.c - the "program" map class: run FILE [ARGS...] KEY and take the
 * first line of its output.
 *
 * As sendmail's prog_map_lookup: the words after the file name on the K
 * line come before the key; stdin is /dev/null; output past the first line
 * is read and discarded; the exit status is the lookup status (a non-zero
 * exit finds nothing); no output finds nothing.  A program that cannot run
 * exits EX_CONFIG.  Output is capped at MAP_MAXVALUE bytes.
 */
#include "sm.h"
#include "map.h"

#include <sys/wait.h>

#define PROG_MAXARGS 32

/* prog_argv - argv from the file, the K line words (copied into buf), key */
static void
prog_argv(const struct map *m, const char *key, char *buf, size_t size, char **av)
{
	int n = 0;
	char *p, *save = NULL;

	av[n++] = m->file;
	if (m->rebuild) {
		(void)sm_strlcpy(buf, m->rebuild, size);
		for (p = strtok_r(buf, " \t", &save); p && n < PROG_MAXARGS - 2;
		    p = strtok_r(NULL, " \t", &save))
			av[n++] = p;
	}
	av[n++] = (char *)key;
	av[n] = NULL;
}

/* prog_run - fork and exec av with stdout to a pipe; pid or -1 */
static pid_t
prog_run(char **av, int *fdp)
{
	int fd[2];
	pid_t pid;

	if (pipe(fd) < 0)
		return -1;
	pid = fork();
	if (pid < 0) {
		close(fd[0]);
		close(fd[1]);
		return -1;
	}
	if (pid == 0) {
		int null = open("/dev/null", O_RDONLY);

		if (null >= 0 && null != 0) {
			dup2(null, 0);
			close(null);
		}
		dup2(fd[1], 1);
		close(fd[0]);
		close(fd[1]);
		/* the program gets no map files, sockets or queue files of ours */
		(void)close_range(3, ~0U, 0);
		execv(av[0], av);
		_exit(EX_CONFIG);
	}
	close(fd[1]);
	*fdp = fd[0];
	return pid;
}

/* prog_lookup - the first line the program prints for the key */
static enum map_result
prog_lookup(struct map *m, struct map_req *req, struct sm_buf *result)
{
	char argbuf[1024], line[MAP_MAXVALUE], junk[512];
	char *av[PROG_MAXARGS];
	size_t n = 0;
	ssize_t r;
	pid_t pid;
	int fd, status;
	bool found = false;

	prog_argv(m, req->key, argbuf, sizeof(argbuf), av);
	pid = prog_run(av, &fd);
	if (pid < 0) {
		if (!(m->flags & MF_OPTIONAL))
			map_msg(req->msgfp, "prog_map_lookup(%s) failed (%s) -- closing",
			    m->name, strerror(errno));
		req->status = EX_OSFILE;
		return MAP_ERROR;
	}
	while (n < sizeof(line) - 1 &&
	    (r = read(fd, line + n, sizeof(line) - 1 - n)) != 0) {
		if (r < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		n += (size_t)r;
		if (memchr(line, '\n', n))
			break;
	}
	line[n] = '\0';
	while ((r = read(fd, junk, sizeof(junk))) > 0 || (r < 0 && errno == EINTR))
		continue;
	close(fd);
	if (n > 0) {
		line[strcspn(line, "\n")] = '\0';
		found = map_rewrite_req(m, req, line, strlen(line), result) == 0;
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR) {
			req->status = EX_SOFTWARE;
			return MAP_ERROR;
		}
	if (WIFEXITED(status)) {
		req->status = WEXITSTATUS(status);
		if (req->status != EX_OK)
			return MAP_ERROR;
	} else {
		map_msg(req->msgfp, "prog_map_lookup(%s): child died on signal %d",
		    m->name, WIFSIGNALED(status) ? WTERMSIG(status) : 0);
		req->status = EX_UNAVAILABLE;
		return MAP_ERROR;
	}
	if (!found)
		sm_buf_reset(result);
	return found ? MAP_FOUND : MAP_NOTFOUND;
}

const struct map_class map_class_program = {
	"program", 0, map_parseargs, NULL, prog_lookup, NULL
};
