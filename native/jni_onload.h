/* jni_onload.h: what JNI_OnLoad does in both JNI libraries: register one class's natives from its generated table. */
#pragma once

#include <jni.h>

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
