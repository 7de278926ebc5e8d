/* jni_common.h: what both JNI libraries share: copying a Java string, and registering natives in JNI_OnLoad. */
#pragma once

#include <errno.h>
#include <stddef.h>
#include <jni.h>

/* Copies a Java string into buf. Returns 0, -EINVAL for null, or -ENAMETOOLONG. */
static inline int
jni_copy_string(JNIEnv *env, jstring s, char *buf, size_t size)
{
	jsize len;

	if (!s)
		return -EINVAL;
	len = (*env)->GetStringUTFLength(env, s);
	if ((size_t)len >= size)
		return -ENAMETOOLONG;
	(*env)->GetStringUTFRegion(env, s, 0, (*env)->GetStringLength(env, s), buf);
	buf[len] = '\0';
	return 0;
}

/**
 * Registers methods (n of them) as the natives of class_name.
 *
 * @return the JNI version to return from JNI_OnLoad, or JNI_ERR (the JVM
 * then refuses the library).
 */
static inline jint
jni_onload_register(JavaVM *vm, const char *class_name, const JNINativeMethod *methods, jint n)
{
	JNIEnv *env;
	jclass cls;

	if ((*vm)->GetEnv(vm, (void **)&env, JNI_VERSION_10) != JNI_OK)
		return JNI_ERR;
	cls = (*env)->FindClass(env, class_name);
	if (!cls)
		return JNI_ERR;
	if ((*env)->RegisterNatives(env, cls, methods, n) != 0)
		return JNI_ERR;
	return JNI_VERSION_10;
}
