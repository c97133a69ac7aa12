package dev.weft.core;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * I/O errors in words a user reads: what went wrong, and on which path. The JDK's file exceptions
 * carry only the path as their message ({@code NoSuchFileException: data/orders.csv}), which on its
 * own does not say what failed.
 */
public final class IoErrors {

  private IoErrors() {}

  /** What went wrong, without the path: {@code no such file}, {@code permission denied}, ... */
  public static String reason(IOException e) {
    return switch (e) {
      case NoSuchFileException missing -> "no such file";
      case AccessDeniedException denied -> "permission denied";
      case FileAlreadyExistsException exists -> "already exists";
      case NotDirectoryException notFolder -> "not a folder";
      case DirectoryNotEmptyException notEmpty -> "folder not empty";
      case CharacterCodingException encoding -> "not UTF-8 text";
      case FileSystemException other when other.getReason() != null -> other.getReason();
      default -> e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    };
  }

  /**
   * What went wrong and on which path, e.g. {@code no such file: data/orders.csv}; an error that
   * names no path is its reason alone.
   */
  public static String describe(IOException e) {
    if (e instanceof FileSystemException fs && fs.getFile() != null) {
      return reason(e)
          + ": "
          + fs.getFile()
          + (fs.getOtherFile() == null ? "" : " (and " + fs.getOtherFile() + ")");
    }
    return reason(e);
  }
}
