/* testjni.c: the test JNI library: the natives only tests use, and their RegisterNatives table. */
#include <errno.h>
#include <stdint.h>

#include <jni.h>

/* As in native/jni.c: the natives stay hidden, the table is the only way in. */
#undef JNIEXPORT
#define JNIEXPORT __attribute__((visibility("hidden")))
#include "io_github_vhostdeviceinput_testjni_TestNative.h"

#include "fdio.h"
#include "jni_common.h"
#include "uds.h"
#include "uds_client.h"

#define TEST_NATIVE_CLASS "io/github/vhostdeviceinput/testjni/TestNative"
#define JNI_FN(name) Java_io_github_vhostdeviceinput_testjni_TestNative_##name

JNIEXPORT jint JNICALL
JNI_FN(udsAccept0)(JNIEnv *env, jclass cls, jint listen_fd)
{
	(void)env;
	(void)cls;
	return uds_accept(listen_fd);
}

JNIEXPORT jint JNICALL
JNI_FN(udsConnect0)(JNIEnv *env, jclass cls, jstring jpath)
{
	char path[4096];
	int rc;

	(void)cls;
	rc = jni_copy_string(env, jpath, path, sizeof(path));
	if (rc < 0)
		return rc;
	return uds_connect(path);
}

JNIEXPORT jint JNICALL
JNI_FN(memfdCreate0)(JNIEnv *env, jclass cls, jstring jname, jlong size)
{
	char name[64];
	int rc;

	(void)cls;
	rc = jni_copy_string(env, jname, name, sizeof(name));
	if (rc < 0)
		return rc;
	if (size < 0)
		return -EINVAL;
	return fdio_memfd_create(name, size);
}

JNIEXPORT jint JNICALL
JNI_FN(eventfdCreate0)(JNIEnv *env, jclass cls)
{
	(void)env;
	(void)cls;
	return fdio_eventfd_create();
}

JNIEXPORT jint JNICALL
JNI_FN(eventfdWrite0)(JNIEnv *env, jclass cls, jint fd, jlong value)
{
	(void)env;
	(void)cls;
	if (value < 0)
		return -EINVAL;
	return fdio_eventfd_write(fd, value);
}

JNIEXPORT jlong JNICALL
JNI_FN(eventfdRead0)(JNIEnv *env, jclass cls, jint fd)
{
	(void)env;
	(void)cls;
	return fdio_eventfd_read(fd);
}

JNIEXPORT jint JNICALL
JNI_FN(pollIn0)(JNIEnv *env, jclass cls, jint fd, jint timeout_ms)
{
	(void)env;
	(void)cls;
	return fdio_poll_in(fd, timeout_ms);
}

static const JNINativeMethod native_methods[] = {
#include "jni_table.h"
};

/* Returns the JNI version on success, or JNI_ERR (the JVM then refuses the library). */
__attribute__((visibility("default"))) jint
JNI_OnLoad(JavaVM *vm, void *reserved)
{
	(void)reserved;
	return jni_onload_register(vm, TEST_NATIVE_CLASS, native_methods,
				   sizeof(native_methods) / sizeof(native_methods[0]));
}
