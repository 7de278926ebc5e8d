/* jni.c: JNI_OnLoad, the RegisterNatives table and marshalling between Java and the C modules. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jni.h>

/* The javac -h header declares every native JNIEXPORT; keep them hidden, so
 * the table below is the only way in and JNI_OnLoad the only export. The
 * header still checks every C prototype against the Java declaration. */
#undef JNIEXPORT
#define JNIEXPORT __attribute__((visibility("hidden")))
#include "io_github_vhostdeviceinput_nativeio_Native.h"

#include "device.h"
#include "evdev.h"
#include "jni_common.h"
#include "stop_signals.h"
#include "uds.h"

#define NATIVE_CLASS "io/github/vhostdeviceinput/nativeio/Native"
#define JNI_FN(name) Java_io_github_vhostdeviceinput_nativeio_Native_##name

/* Returns the handle as a pointer; Java passes back what it was given. */
static void *
jni_handle(jlong handle)
{
	return (void *)(intptr_t)handle;
}

JNIEXPORT jstring JNICALL
JNI_FN(strerror0)(JNIEnv *env, jclass cls, jint errnum)
{
	char buf[128];

	(void)cls;
	return (*env)->NewStringUTF(env, strerror_r(errnum, buf, sizeof(buf)));
}

JNIEXPORT jlong JNICALL
JNI_FN(evdevOpen0)(JNIEnv *env, jclass cls, jstring jpath)
{
	struct evdev_device *device;
	char path[4096];
	int rc;

	(void)cls;
	rc = jni_copy_string(env, jpath, path, sizeof(path));
	if (rc < 0)
		return rc;
	rc = evdev_device_open(path, &device);
	if (rc < 0)
		return rc;
	return (jlong)(intptr_t)device;
}

JNIEXPORT jint JNICALL
JNI_FN(evdevGrab0)(JNIEnv *env, jclass cls, jlong device, jboolean grab)
{
	(void)env;
	(void)cls;
	return evdev_device_grab(jni_handle(device), grab);
}

JNIEXPORT void JNICALL
JNI_FN(evdevClose0)(JNIEnv *env, jclass cls, jlong device)
{
	(void)env;
	(void)cls;
	evdev_device_close(jni_handle(device));
}

JNIEXPORT jint JNICALL
JNI_FN(udsCheckFree0)(JNIEnv *env, jclass cls, jstring jpath)
{
	char path[4096];
	int rc;

	(void)cls;
	rc = jni_copy_string(env, jpath, path, sizeof(path));
	if (rc < 0)
		return rc;
	return uds_check_free(path);
}

JNIEXPORT jint JNICALL
JNI_FN(udsListen0)(JNIEnv *env, jclass cls, jstring jpath)
{
	char path[4096];
	int rc;

	(void)cls;
	rc = jni_copy_string(env, jpath, path, sizeof(path));
	if (rc < 0)
		return rc;
	return uds_listen(path);
}

/* Returns the address of buf[offset], or NULL unless buf is direct and holds offset + len. */
static void *
jni_buffer(JNIEnv *env, jobject buf, jint offset, jint len)
{
	char *base;
	jlong capacity;

	if (!buf || offset < 0 || len < 0)
		return NULL;
	base = (*env)->GetDirectBufferAddress(env, buf);
	capacity = (*env)->GetDirectBufferCapacity(env, buf);
	if (!base || (jlong)offset + len > capacity)
		return NULL;
	return base + offset;
}

JNIEXPORT jint JNICALL
JNI_FN(udsRecv0)(JNIEnv *env, jclass cls, jint fd, jobject buf, jint offset, jint len,
		 jintArray jfds)
{
	int fds[UDS_MAX_FDS];
	jsize max_fds, i;
	void *data;
	ssize_t n;
	int nfds;

	(void)cls;
	data = jni_buffer(env, buf, offset, len);
	if (!data || !jfds)
		return -EINVAL;
	max_fds = (*env)->GetArrayLength(env, jfds);
	if (max_fds > UDS_MAX_FDS)
		max_fds = UDS_MAX_FDS;
	n = uds_recv(fd, data, len, fds, max_fds, &nfds);
	if (n < 0)
		return n;
	for (i = nfds; i < max_fds; i++)
		fds[i] = -1;
	(*env)->SetIntArrayRegion(env, jfds, 0, max_fds, fds);
	return n;
}

JNIEXPORT jint JNICALL
JNI_FN(udsSend0)(JNIEnv *env, jclass cls, jint fd, jobject buf, jint offset, jint len,
		 jintArray jfds, jint nfds)
{
	int fds[UDS_MAX_FDS];
	void *data;

	(void)cls;
	data = jni_buffer(env, buf, offset, len);
	if (!data || nfds < 0 || nfds > UDS_MAX_FDS)
		return -EINVAL;
	if (nfds > 0) {
		if (!jfds || (*env)->GetArrayLength(env, jfds) < nfds)
			return -EINVAL;
		(*env)->GetIntArrayRegion(env, jfds, 0, nfds, fds);
	}
	return uds_send(fd, data, len, fds, nfds);
}

JNIEXPORT jint JNICALL
JNI_FN(close0)(JNIEnv *env, jclass cls, jint fd)
{
	(void)env;
	(void)cls;
	return close(fd) < 0 ? -errno : 0;
}

JNIEXPORT jint JNICALL
JNI_FN(stopSignalsInstall0)(JNIEnv *env, jclass cls)
{
	(void)env;
	(void)cls;
	return stop_signals_install();
}

JNIEXPORT jint JNICALL
JNI_FN(stopSignalsWait0)(JNIEnv *env, jclass cls)
{
	(void)env;
	(void)cls;
	return stop_signals_wait();
}

/* --- device facts, read once for the config space --- */

/* Returns a new byte[] holding the C string s (empty for NULL), or NULL if out of memory. */
static jbyteArray
jni_bytes(JNIEnv *env, const char *s)
{
	jsize len = s ? (jsize)strlen(s) : 0;
	jbyteArray array = (*env)->NewByteArray(env, len);

	if (array && len)
		(*env)->SetByteArrayRegion(env, array, 0, len, (const jbyte *)s);
	return array;
}

JNIEXPORT jbyteArray JNICALL
JNI_FN(evdevName0)(JNIEnv *env, jclass cls, jlong device)
{
	(void)cls;
	return jni_bytes(env, evdev_device_name(jni_handle(device)));
}

JNIEXPORT jbyteArray JNICALL
JNI_FN(evdevUniq0)(JNIEnv *env, jclass cls, jlong device)
{
	(void)cls;
	return jni_bytes(env, evdev_device_uniq(jni_handle(device)));
}

JNIEXPORT jint JNICALL
JNI_FN(evdevIds0)(JNIEnv *env, jclass cls, jlong device, jintArray out)
{
	jint ids[4];
	int values[4], i;

	(void)cls;
	if (!out || (*env)->GetArrayLength(env, out) < 4)
		return -EINVAL;
	evdev_device_ids(jni_handle(device), values);
	for (i = 0; i < 4; i++)
		ids[i] = values[i];
	(*env)->SetIntArrayRegion(env, out, 0, 4, ids);
	return 0;
}

JNIEXPORT jint JNICALL
JNI_FN(evdevBits0)(JNIEnv *env, jclass cls, jlong device, jint type, jbyteArray out)
{
	uint8_t bits[(KEY_MAX + 1) / 8 + 1];
	jsize len;
	size_t used;

	(void)cls;
	if (!out)
		return -EINVAL;
	len = (*env)->GetArrayLength(env, out);
	if ((size_t)len > sizeof(bits))
		len = sizeof(bits);
	used = evdev_device_bits(jni_handle(device), type, bits, len);
	(*env)->SetByteArrayRegion(env, out, 0, len, (const jbyte *)bits);
	return (jint)used;
}

JNIEXPORT jint JNICALL
JNI_FN(evdevAbsInfo0)(JNIEnv *env, jclass cls, jlong device, jint code, jintArray out)
{
	jint info[5];
	int values[5], rc, i;

	(void)cls;
	if (!out || (*env)->GetArrayLength(env, out) < 5 || code < 0)
		return -EINVAL;
	rc = evdev_device_absinfo(jni_handle(device), code, values);
	if (rc < 0)
		return rc;
	for (i = 0; i < 5; i++)
		info[i] = values[i];
	(*env)->SetIntArrayRegion(env, out, 0, 5, info);
	return 0;
}

/* --- the served device --- */

JNIEXPORT jlong JNICALL
JNI_FN(deviceCreate0)(JNIEnv *env, jclass cls, jlong evdev, jint listen_fd, jint burst_rate)
{
	struct evdev_device *device = jni_handle(evdev);
	struct vdi_device *d;
	int rc;

	(void)env;
	(void)cls;
	if (burst_rate < 0)
		return -EINVAL;
	rc = vdi_device_create(&device->source, listen_fd, burst_rate, &d);
	if (rc < 0)
		return rc;
	return (jlong)(intptr_t)d;
}

JNIEXPORT void JNICALL
JNI_FN(deviceDestroy0)(JNIEnv *env, jclass cls, jlong device)
{
	(void)env;
	(void)cls;
	vdi_device_destroy(jni_handle(device));
}

JNIEXPORT jint JNICALL
JNI_FN(deviceAccept0)(JNIEnv *env, jclass cls, jlong device)
{
	(void)env;
	(void)cls;
	return vdi_device_accept(jni_handle(device));
}

JNIEXPORT void JNICALL
JNI_FN(deviceDisconnect0)(JNIEnv *env, jclass cls, jlong device)
{
	(void)env;
	(void)cls;
	vdi_device_disconnect(jni_handle(device));
}

JNIEXPORT jint JNICALL
JNI_FN(deviceWake0)(JNIEnv *env, jclass cls, jlong device)
{
	(void)env;
	(void)cls;
	return vdi_device_wake(jni_handle(device));
}

JNIEXPORT jint JNICALL
JNI_FN(devicePump0)(JNIEnv *env, jclass cls, jlong device, jint timeout_ms)
{
	(void)env;
	(void)cls;
	return vdi_device_pump(jni_handle(device), timeout_ms);
}

JNIEXPORT jint JNICALL
JNI_FN(deviceCounters0)(JNIEnv *env, jclass cls, jlong device, jlongArray out)
{
	uint64_t counters[VDI_COUNTER_COUNT];
	jlong values[VDI_COUNTER_COUNT];
	int n, i;

	(void)cls;
	if (!out)
		return -EINVAL;
	n = vdi_device_counters(jni_handle(device), counters, (*env)->GetArrayLength(env, out));
	for (i = 0; i < n; i++)
		values[i] = (jlong)counters[i];
	(*env)->SetLongArrayRegion(env, out, 0, n, values);
	return n;
}

JNIEXPORT jint JNICALL
JNI_FN(deviceSetMemTable0)(JNIEnv *env, jclass cls, jlong device, jlongArray jregions,
			   jintArray jfds, jint n)
{
	struct guest_region_desc regions[GUEST_MEM_MAX_REGIONS];
	jlong values[4 * GUEST_MEM_MAX_REGIONS];
	int fds[GUEST_MEM_MAX_REGIONS];
	int i;

	(void)cls;
	if (!jfds || n < 0 || n > GUEST_MEM_MAX_REGIONS || (*env)->GetArrayLength(env, jfds) < n)
		return -EINVAL;
	(*env)->GetIntArrayRegion(env, jfds, 0, n, fds);
	if (!jregions || n == 0 || (*env)->GetArrayLength(env, jregions) < 4 * n) {
		for (i = 0; i < n; i++)
			close(fds[i]);
		return -EINVAL;
	}
	(*env)->GetLongArrayRegion(env, jregions, 0, 4 * n, values);
	for (i = 0; i < n; i++) {
		regions[i].guest_phys_addr = values[4 * i];
		regions[i].size = values[4 * i + 1];
		regions[i].user_addr = values[4 * i + 2];
		regions[i].mmap_offset = values[4 * i + 3];
	}
	return vdi_device_set_mem_table(jni_handle(device), regions, fds, n);
}

JNIEXPORT jint JNICALL
JNI_FN(deviceSetFeatures0)(JNIEnv *env, jclass cls, jlong device, jlong features)
{
	(void)env;
	(void)cls;
	return vdi_device_set_features(jni_handle(device), features);
}

JNIEXPORT jint JNICALL
JNI_FN(deviceSetVringNum0)(JNIEnv *env, jclass cls, jlong device, jint q, jint num)
{
	(void)env;
	(void)cls;
	if (num < 0)
		return -EINVAL;
	return vdi_device_set_vring_num(jni_handle(device), q, num);
}

JNIEXPORT jint JNICALL
JNI_FN(deviceSetVringAddr0)(JNIEnv *env, jclass cls, jlong device, jint q, jlong desc,
			    jlong used, jlong avail)
{
	(void)env;
	(void)cls;
	return vdi_device_set_vring_addr(jni_handle(device), q, desc, used, avail);
}

JNIEXPORT jint JNICALL
JNI_FN(deviceSetVringBase0)(JNIEnv *env, jclass cls, jlong device, jint q, jint base)
{
	(void)env;
	(void)cls;
	if (base < 0)
		return -EINVAL;
	return vdi_device_set_vring_base(jni_handle(device), q, base);
}

JNIEXPORT jint JNICALL
JNI_FN(deviceGetVringBase0)(JNIEnv *env, jclass cls, jlong device, jint q)
{
	(void)env;
	(void)cls;
	return vdi_device_get_vring_base(jni_handle(device), q);
}

JNIEXPORT jint JNICALL
JNI_FN(deviceSetVringKick0)(JNIEnv *env, jclass cls, jlong device, jint q, jint fd)
{
	(void)env;
	(void)cls;
	return vdi_device_set_vring_kick(jni_handle(device), q, fd);
}

JNIEXPORT jint JNICALL
JNI_FN(deviceSetVringCall0)(JNIEnv *env, jclass cls, jlong device, jint q, jint fd)
{
	(void)env;
	(void)cls;
	return vdi_device_set_vring_call(jni_handle(device), q, fd);
}

JNIEXPORT jint JNICALL
JNI_FN(deviceSetVringErr0)(JNIEnv *env, jclass cls, jlong device, jint q, jint fd)
{
	(void)env;
	(void)cls;
	return vdi_device_set_vring_err(jni_handle(device), q, fd);
}

JNIEXPORT jint JNICALL
JNI_FN(deviceSetVringEnable0)(JNIEnv *env, jclass cls, jlong device, jint q, jboolean enable)
{
	(void)env;
	(void)cls;
	return vdi_device_set_vring_enable(jni_handle(device), q, enable);
}

JNIEXPORT void JNICALL
JNI_FN(deviceReset0)(JNIEnv *env, jclass cls, jlong device)
{
	(void)env;
	(void)cls;
	vdi_device_reset(jni_handle(device));
}

static const JNINativeMethod native_methods[] = {
#include "jni_table.h"
};

/* Returns the JNI version on success, or JNI_ERR (the JVM then refuses the library). */
__attribute__((visibility("default"))) jint
JNI_OnLoad(JavaVM *vm, void *reserved)
{
	(void)reserved;
	return jni_onload_register(vm, NATIVE_CLASS, native_methods,
				   sizeof(native_methods) / sizeof(native_methods[0]));
}
